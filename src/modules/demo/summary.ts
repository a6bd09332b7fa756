import type { DemoResult } from './demo.service.js';

/** Today's date in Asia/Ho_Chi_Minh (the default `--until`). */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The summary printed at the end of `motcua demo`: counts, weak units, timings and logins. */
export function formatDemoSummary(result: DemoResult): string {
  const lines: string[] = [];
  const seconds = result.elapsedMs / 1000;
  lines.push(
    `Dữ liệu mẫu / demo data: scale=${result.scale} seed=${result.seed} ${result.from.slice(0, 10)} → ${result.until.slice(0, 10)} (UTC instants)`,
  );
  for (const t of result.tenants.slice(0, 5)) {
    const d = t.dossiers;
    lines.push(
      `  ${t.code} ${t.name}: ${t.units} units, ${t.procedures} procedures (${t.onlineProcedures} online; promised limits cut ${t.averageCut}% on average, ${t.largestCut}% at most), ${t.staff} staff, ${t.citizens} citizens`,
    );
    lines.push(
      `    ${d.dossiers} dossiers, ${d.events} events; finished ${d.finished}, late ${d.late}; channels ${JSON.stringify(d.byChannel)}`,
    );
    lines.push(`    by status ${JSON.stringify(d.byStatus)}`);
  }
  if (result.tenants.length > 5) lines.push(`  … and ${result.tenants.length - 5} more provinces`);
  const total = result.tenants.reduce((s, t) => s + t.dossiers.dossiers, 0);
  lines.push(
    `  total ${total} dossiers in ${seconds.toFixed(1)} s (${result.dossiersPerSecond} dossiers/s)`,
  );
  if (result.weakUnits.length > 0) {
    lines.push('Đơn vị yếu (cố ý) / weak units on purpose:');
    for (const w of result.weakUnits) lines.push(`  ${w.unit}: ${w.why}`);
  }
  lines.push('Tài khoản demo / demo logins (staff sign in at /dang-nhap):');
  for (const l of result.logins)
    lines.push(`  ${l.role.padEnd(16)} ${l.username.padEnd(28)} ${l.password}   (${l.unit})`);
  return `${lines.join('\n')}\n`;
}
