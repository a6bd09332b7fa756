import type { Rng } from './rng.js';

/**
 * Names of people for the demo, shaped like the population of a mountainous northern province:
 * Kinh, Thái, Hmông, Dao, Giáy, Hà Nhì, Lự and others (Lai Châu). Invented combinations of
 * common family, middle and given names; any likeness to a real person is chance.
 */
const GROUPS: {
  weight: number;
  families: string[];
  male: string[];
  female: string[];
  given: string[];
}[] = [
  {
    // Kinh
    weight: 30,
    families: [
      'Nguyễn',
      'Trần',
      'Lê',
      'Phạm',
      'Hoàng',
      'Vũ',
      'Đỗ',
      'Bùi',
      'Đặng',
      'Ngô',
      'Dương',
      'Đinh',
    ],
    male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu'],
    female: ['Thị', 'Thu', 'Ngọc', 'Thanh'],
    given: [
      'An',
      'Bình',
      'Cường',
      'Dũng',
      'Giang',
      'Hà',
      'Hải',
      'Hằng',
      'Hoa',
      'Hùng',
      'Hương',
      'Lan',
      'Linh',
      'Long',
      'Mai',
      'Nam',
      'Nga',
      'Phương',
      'Quân',
      'Sơn',
      'Tâm',
      'Thắng',
      'Thảo',
      'Trang',
      'Tuấn',
      'Yến',
    ],
  },
  {
    // Thái
    weight: 30,
    families: ['Lò', 'Lường', 'Tòng', 'Quàng', 'Cầm', 'Điêu', 'Lù', 'Hoàng', 'Vì', 'Đèo', 'Kiềm'],
    male: ['Văn'],
    female: ['Thị'],
    given: [
      'Ánh',
      'Bun',
      'Chăm',
      'Hom',
      'Inh',
      'Ún',
      'Khiêm',
      'Lả',
      'Liên',
      'Muôn',
      'Ngân',
      'Panh',
      'Pâng',
      'Phanh',
      'Thoong',
      'Xuân',
      'Ỏn',
      'Pánh',
    ],
  },
  {
    // Hmông
    weight: 25,
    families: ['Giàng', 'Vừ', 'Sùng', 'Thào', 'Vàng', 'Lý', 'Hầu', 'Mùa', 'Lầu', 'Hạng'],
    male: ['A', 'Seo'],
    female: ['Thị'],
    given: [
      'Páo',
      'Chứ',
      'Dế',
      'Dua',
      'Chía',
      'Mỷ',
      'Pó',
      'Sử',
      'Tủa',
      'Xá',
      'Chảo',
      'Lồng',
      'Nhà',
      'Của',
      'Mai',
      'Dợ',
    ],
  },
  {
    // Dao, Giáy, Hà Nhì, Lự
    weight: 15,
    families: ['Tẩn', 'Chảo', 'Phàn', 'Lò', 'Pờ', 'Chu', 'Hù', 'Lỳ', 'Tao', 'Sin'],
    male: ['Láo', 'Văn', 'A', 'Seo'],
    female: ['Thị', 'Mý', 'Xá'],
    given: [
      'Chòi',
      'Lở',
      'Phủ',
      'Sài',
      'Quẩy',
      'Chiêu',
      'Dìn',
      'Mẩy',
      'Sửu',
      'Xà',
      'Phìn',
      'Hừ',
      'Nhè',
      'Lù',
    ],
  },
];

const GROUP_WEIGHT_TOTAL = GROUPS.reduce((sum, g) => sum + g.weight, 0);

/** A full name "Family Middle Given" and whether the person is female. */
export function personName(rng: Rng): { name: string; female: boolean } {
  let x = rng.next() * GROUP_WEIGHT_TOTAL;
  let group = GROUPS[0] as (typeof GROUPS)[number];
  for (const g of GROUPS) {
    if (x < g.weight) {
      group = g;
      break;
    }
    x -= g.weight;
  }
  const female = rng.chance(0.5);
  const middle = rng.pick(female ? group.female : group.male);
  return { name: `${rng.pick(group.families)} ${middle} ${rng.pick(group.given)}`, female };
}

const BUSINESS_KINDS = [
  'Công ty TNHH',
  'Công ty cổ phần',
  'Hợp tác xã',
  'Doanh nghiệp tư nhân',
  'Hộ kinh doanh',
];
const BUSINESS_TRADES = [
  'Xây dựng',
  'Thủy điện',
  'Chè',
  'Nông sản sạch',
  'Vận tải',
  'Du lịch',
  'Thương mại',
  'Dược liệu',
  'Vật liệu xây dựng',
  'Khoáng sản',
  'Chăn nuôi',
  'Dịch vụ',
];
const BUSINESS_PLACES = [
  'Lai Châu',
  'Tây Bắc',
  'Tam Đường',
  'Sìn Hồ',
  'Phong Thổ',
  'Than Uyên',
  'Tân Uyên',
  'Nậm Nhùn',
  'Mường Tè',
  'Pu Ta Leng',
  'Sông Đà',
  'Hoàng Liên',
];

/** An organisation's name, e.g. "Công ty TNHH Chè Tam Đường". */
export function organisationName(rng: Rng): string {
  return `${rng.pick(BUSINESS_KINDS)} ${rng.pick(BUSINESS_TRADES)} ${rng.pick(BUSINESS_PLACES)}`;
}

/**
 * A 12-digit citizen ID (CCCD) shaped like the real ones: province of birth (Lai Châu 012),
 * sex-and-century digit, two digits of the birth year, six random digits.
 */
export function citizenId(rng: Rng, female: boolean): string {
  const year = rng.int(1950, 2006);
  const century = year >= 2000 ? (female ? 3 : 2) : female ? 1 : 0;
  return `012${century}${String(year % 100).padStart(2, '0')}${rng.digits(6)}`;
}

/** A 10-digit mobile number with a Vietnamese mobile prefix. */
export function phoneNumber(rng: Rng): string {
  return `${rng.pick(['086', '096', '097', '098', '091', '094', '088', '083', '084', '085', '070', '079', '077', '089', '090', '093'])}${rng.digits(7)}`;
}

/** A 10-digit enterprise tax code (mã số doanh nghiệp), Lai Châu prefix 62. */
export function taxCode(rng: Rng): string {
  return `62${rng.digits(8)}`;
}

/** Strips Vietnamese diacritics and spaces for usernames ("Lò Văn Inh" → "lovaninh"). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
