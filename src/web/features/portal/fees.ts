/**
 * Whether the citizen still owes a dossier's fee. A dossier that ended without a result (drawn
 * back, refused at reception, stopped) or was never sent owes nothing, so its pages must not ask
 * for payment; a returned one settled its fee at the counter if not online.
 */
const NO_FEE_DUE = new Set(['draft', 'withdrawn', 'not_accepted', 'stopped', 'returned']);

export type FeeState = 'none' | 'paid' | 'refunded' | 'not_due' | 'unpaid';

export function feeState(dossier: {
  status: string;
  feeAmount: number;
  paid: boolean;
  refunded?: boolean;
}): FeeState {
  if (dossier.feeAmount <= 0) return 'none';
  if (dossier.paid) return 'paid';
  if (dossier.refunded) return 'refunded';
  return NO_FEE_DUE.has(dossier.status) ? 'not_due' : 'unpaid';
}
