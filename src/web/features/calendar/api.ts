import { api } from '../../api.js';

/** The contract of `src/modules/calendar` (GET /api/calendar/years/:year). */
export interface CalendarYearView {
  year: number;
  status: 'official' | 'confirmed' | 'provisional';
  source: string;
  timezone: string;
  workingHours: [string, string][];
  weekend: number[];
  daysOff: string[];
  extraWorkingDays: string[];
  stored: boolean;
  updatedAt: string | null;
  updatedBy: { id: number; name: string | null } | null;
  holidays: { date: string; name: string; kind: 'holiday' | 'compensatory' }[];
  months: { month: number; workingDays: string[]; count: number }[];
  totalWorkingDays: number;
}

export type CalendarYearTable = Pick<
  CalendarYearView,
  | 'year'
  | 'status'
  | 'source'
  | 'timezone'
  | 'workingHours'
  | 'weekend'
  | 'daysOff'
  | 'extraWorkingDays'
>;

export interface DueResult {
  due: string;
  from: string;
  start: string;
  unit: 'working_days' | 'working_hours' | 'same_day';
  budget: number;
  provisional: boolean;
}

export const calendarApi = {
  year: (year: number) => api.get<CalendarYearView>(`/api/calendar/years/${year}`),
  save: (year: number, body: Omit<CalendarYearTable, 'year' | 'status'>) =>
    api.put<CalendarYearView>(`/api/calendar/years/${year}`, body),
  confirm: (year: number) => api.post<CalendarYearView>(`/api/calendar/years/${year}/confirm`),
  export: (year: number) => api.get<CalendarYearTable>(`/api/calendar/years/${year}/export`),
  import: (year: number, json: unknown) =>
    api.post<CalendarYearView>(`/api/calendar/years/${year}/import`, json),
  due: (query: { from: string; days?: string; hours?: string }) =>
    api.get<DueResult>('/api/calendar/due', { query }),
};
