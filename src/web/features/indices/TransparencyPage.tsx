import { IndexPage } from './IndexPage.js';

/** Public transparency page: every unit's service-index score and on-time rate, no personal data. */
export default function TransparencyPage() {
  return <IndexPage internal={false} />;
}
