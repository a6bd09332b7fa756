import { IndexPage } from './IndexPage.js';

/** Back office: the leader's dashboard of the real-time service index over their subtree. */
export default function LeaderDashboardPage() {
  return <IndexPage internal />;
}
