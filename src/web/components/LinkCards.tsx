import { Link } from 'react-router-dom';

export interface LinkCard {
  to: string;
  title: string;
  text: string;
  /** An SVG path drawn in a 24 × 24 box with the text's colour (decorative). */
  icon: string;
}

/** A grid of large links, each a title and a line saying what is behind it. */
export function LinkCards({ cards }: { cards: readonly LinkCard[] }) {
  return (
    <ul className="quick-links">
      {cards.map((card) => (
        <li key={card.to}>
          <Link to={card.to} className="quick-link">
            <svg width="32" height="32" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path
                d={card.icon}
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            <span className="quick-link-title">{card.title}</span>
            <span className="quick-link-text">{card.text}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
