/** A loading placeholder: grey bars with a screen-reader label ("Đang tải…" by default). */
export function Skeleton({ lines = 3, label }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? 'Đang tải… / Loading…'}</span>
      {Array.from({ length: lines }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the bars are identical and never reorder.
        <span key={index} className="skeleton-bar" aria-hidden="true" />
      ))}
    </div>
  );
}
