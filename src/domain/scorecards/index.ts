export { type StaffCounts, type StaffRates, staffRates, sumCounts } from './staff.js';
