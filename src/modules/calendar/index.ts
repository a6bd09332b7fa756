import type { AppModule } from '../registry.js';
import { calendarRoutes } from './calendar.routes.js';

export { CALENDAR_CONFIRM_ROLES, CALENDAR_EDIT_ROLES } from './calendar.policy.js';
export {
  invalidateTenantCalendar,
  loadTenantCalendar,
  storedCalendarYears,
  storeShippedCalendarYears,
  storeShippedCalendarYearsForAllTenants,
} from './calendar.repository.js';
export {
  type CalendarActing,
  type CalendarYearView,
  computeDue,
  computeTenantDue,
  confirmCalendarYear,
  type DueComputation,
  exportCalendarYear,
  getCalendarYear,
  importCalendarYear,
  type SaveCalendarYearInput,
  saveCalendarYear,
  toCalendarAppError,
} from './calendar.service.js';

/** The tenant's working calendar under /api/calendar. */
export const calendarModule: AppModule = { name: 'calendar', routes: calendarRoutes };
