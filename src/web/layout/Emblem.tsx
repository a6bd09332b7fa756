/**
 * A simple round mark in the national colours (red disc, gold star, gold ring): drawn here, not
 * a copy of the national emblem. Decorative: the province name next to it is the text.
 */
export function Emblem({ size = 56 }: { size?: number }) {
  return (
    <svg
      className="emblem"
      width={size}
      height={size}
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="32" cy="32" r="31" fill="#f2c94c" />
      <circle cx="32" cy="32" r="27" fill="#c8102e" />
      <circle
        cx="32"
        cy="32"
        r="27"
        fill="none"
        stroke="#f2c94c"
        strokeWidth="1.5"
        strokeDasharray="2 3"
      />
      <path
        d="M32 12 L37.3 26.7 L52.9 27.2 L40.6 36.8 L44.9 51.8 L32 43 L19.1 51.8 L23.4 36.8 L11.1 27.2 L26.7 26.7 Z"
        fill="#f2c94c"
      />
    </svg>
  );
}
