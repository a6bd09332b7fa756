/** Public surface of the demo generator (issue 9): `motcua demo` and `npm start` use this. */
export {
  DEFAULT_DOSSIERS,
  DEMO_SCALES,
  type DemoResult,
  type DemoScale,
  type GenerateDemoOptions,
  generateDemo,
} from './demo.service.js';
export { DEMO_PASSWORD, type DemoLogin } from './people.js';
export { formatDemoSummary, todayInVietnam } from './summary.js';
