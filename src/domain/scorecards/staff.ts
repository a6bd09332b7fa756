/**
 * Staff scorecards: what each officer of the one-stop chain did in a period, as the figures a
 * leader brings to the yearly appraisal ("satisfaction ratings feeding staff appraisal",
 * DOMAIN §1). Pure: the module counts, this turns counts into rates.
 *
 * - A **step** is one the officer closed: a history event with an on-time verdict (transfer,
 *   propose, approve, return, supplement request…). Its verdict compares the event with the due
 *   time of the step it closed (the legal clock's per-step budget).
 * - **Satisfaction** is the per-dossier rating's civil-servant element (SIPAS element 3): the
 *   share of 4 (satisfied) and 5 (very satisfied) among the ratings given in the period on
 *   dossiers the officer acted on, as SIPAS counts a criterion (DOMAIN §8). A dossier rated in
 *   the source system (legacy import, demo) has one overall rating instead, counted on the day
 *   it was finished.
 * - **In hand** is what is assigned to the officer now; overdue when its step's due time has
 *   passed and the clock is not paused.
 */
export interface StaffCounts {
  received: number;
  steps: number;
  stepsOnTime: number;
  returned: number;
  supplementRequests: number;
  dossiers: number;
  ratings: number;
  ratingsSatisfied: number;
  inHand: number;
  inHandOverdue: number;
}

export interface StaffRates {
  /** Steps closed on time, percent with one decimal; null without a step. */
  onTimeRate: number | null;
  stepsLate: number;
  /** Satisfied share of the staff element, percent with one decimal; null without a rating. */
  satisfactionRate: number | null;
}

export function staffRates(c: StaffCounts): StaffRates {
  return {
    onTimeRate: percent(c.stepsOnTime, c.steps),
    stepsLate: c.steps - c.stepsOnTime,
    satisfactionRate: percent(c.ratingsSatisfied, c.ratings),
  };
}

/**
 * Adds officers' counts, for a total line. Events and dossiers in hand belong to one officer
 * each, so their sums are exact; distinct dossiers and ratings are not (a dossier three officers
 * acted on would count three times), and the caller replaces them.
 */
export function sumCounts(all: readonly StaffCounts[]): StaffCounts {
  const total: StaffCounts = {
    received: 0,
    steps: 0,
    stepsOnTime: 0,
    returned: 0,
    supplementRequests: 0,
    dossiers: 0,
    ratings: 0,
    ratingsSatisfied: 0,
    inHand: 0,
    inHandOverdue: 0,
  };
  for (const c of all) {
    for (const key of Object.keys(total) as (keyof StaffCounts)[]) total[key] += c[key];
  }
  return total;
}

function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}
