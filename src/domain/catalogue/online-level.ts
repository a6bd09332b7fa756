import { foldVietnamese } from '../text/index.js';
import type { OnlineLevel } from './procedure.types.js';

/**
 * Reads an online level as written in an import file: the codes `full | partial | none`, the
 * Vietnamese terms (toàn trình, một phần, không), or the older levels of Decree 43/2011, which
 * map as 4 → full, 3 → partial, 1–2 → none (levels 1–2 only publish information; DOMAIN §3).
 * Returns undefined when the value is none of these.
 */
export function parseOnlineLevel(value: string): OnlineLevel | undefined {
  const folded = foldVietnamese(value).replace(/^muc (do )?/, '');
  switch (folded) {
    case 'full':
    case 'toan trinh':
    case 'dvc truc tuyen toan trinh':
    case '4':
      return 'full';
    case 'partial':
    case 'mot phan':
    case 'dvc truc tuyen mot phan':
    case '3':
      return 'partial';
    case 'none':
    case 'khong':
    case '':
    case '1':
    case '2':
      return 'none';
    default:
      return undefined;
  }
}
