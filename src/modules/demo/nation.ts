import type { Rng } from './rng.js';
import { COMMUNE_MERGER_DAY, type OrgPlan, type UnitPlan, type UnitProfile } from './units.js';

/**
 * The nation scale: the 34 provinces of 1 July 2025 (DOMAIN §1), each a tenant with its
 * committee, service centre, departments, about ten former districts and the communes that
 * succeeded them, ~3,300 communes in all. Weights share the dossiers out roughly by population.
 */
export const NATION_PROVINCES: {
  code: string;
  name: string;
  nameEn: string;
  weight: number;
  communes: number;
}[] = [
  ['HNI', 'Thành phố Hà Nội', 'Ha Noi', 8.6, 126],
  ['HUE', 'Thành phố Huế', 'Hue', 1.2, 40],
  ['LCU', 'Tỉnh Lai Châu', 'Lai Chau', 0.5, 38],
  ['DBN', 'Tỉnh Điện Biên', 'Dien Bien', 0.6, 45],
  ['SLA', 'Tỉnh Sơn La', 'Son La', 1.3, 75],
  ['LSN', 'Tỉnh Lạng Sơn', 'Lang Son', 0.8, 65],
  ['QNH', 'Tỉnh Quảng Ninh', 'Quang Ninh', 1.4, 54],
  ['THA', 'Tỉnh Thanh Hóa', 'Thanh Hoa', 3.7, 166],
  ['NAN', 'Tỉnh Nghệ An', 'Nghe An', 3.4, 130],
  ['HTH', 'Tỉnh Hà Tĩnh', 'Ha Tinh', 1.3, 69],
  ['CBG', 'Tỉnh Cao Bằng', 'Cao Bang', 0.5, 56],
  ['TQG', 'Tỉnh Tuyên Quang', 'Tuyen Quang', 1.8, 124],
  ['LCI', 'Tỉnh Lào Cai', 'Lao Cai', 1.7, 99],
  ['TNN', 'Tỉnh Thái Nguyên', 'Thai Nguyen', 1.8, 92],
  ['PTO', 'Tỉnh Phú Thọ', 'Phu Tho', 4.0, 148],
  ['BNH', 'Tỉnh Bắc Ninh', 'Bac Ninh', 3.6, 99],
  ['HYN', 'Tỉnh Hưng Yên', 'Hung Yen', 3.6, 104],
  ['HPG', 'Thành phố Hải Phòng', 'Hai Phong', 4.7, 114],
  ['NBH', 'Tỉnh Ninh Bình', 'Ninh Binh', 4.4, 129],
  ['QTI', 'Tỉnh Quảng Trị', 'Quang Tri', 1.9, 78],
  ['DNG', 'Thành phố Đà Nẵng', 'Da Nang', 3.1, 94],
  ['QNI', 'Tỉnh Quảng Ngãi', 'Quang Ngai', 2.2, 96],
  ['GLI', 'Tỉnh Gia Lai', 'Gia Lai', 3.6, 135],
  ['KHA', 'Tỉnh Khánh Hòa', 'Khanh Hoa', 2.2, 65],
  ['LDG', 'Tỉnh Lâm Đồng', 'Lam Dong', 3.9, 124],
  ['DLK', 'Tỉnh Đắk Lắk', 'Dak Lak', 3.4, 102],
  ['HCM', 'Thành phố Hồ Chí Minh', 'Ho Chi Minh City', 14.0, 168],
  ['DNI', 'Tỉnh Đồng Nai', 'Dong Nai', 4.5, 95],
  ['TNH', 'Tỉnh Tây Ninh', 'Tay Ninh', 3.3, 96],
  ['CTO', 'Thành phố Cần Thơ', 'Can Tho', 4.2, 103],
  ['VLG', 'Tỉnh Vĩnh Long', 'Vinh Long', 4.3, 124],
  ['DTP', 'Tỉnh Đồng Tháp', 'Dong Thap', 4.4, 102],
  ['CMU', 'Tỉnh Cà Mau', 'Ca Mau', 2.6, 64],
  ['AGG', 'Tỉnh An Giang', 'An Giang', 4.9, 102],
].map(([code, name, nameEn, weight, communes]) => ({
  code: code as string,
  name: name as string,
  nameEn: nameEn as string,
  weight: weight as number,
  communes: communes as number,
}));

const SYLLABLES = [
  'An',
  'Bình',
  'Hòa',
  'Phú',
  'Tân',
  'Thạnh',
  'Long',
  'Phước',
  'Hưng',
  'Thuận',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Trung',
  'Vĩnh',
  'Mỹ',
  'Thái',
  'Quang',
  'Minh',
  'Sơn',
  'Hải',
  'Lộc',
  'Xuân',
  'Hiệp',
  'Thành',
  'Nghĩa',
  'Lợi',
  'Phong',
  'Cường',
];
const DEPARTMENTS = [
  'Văn phòng UBND',
  'Sở Nội vụ',
  'Sở Tư pháp',
  'Sở Tài chính',
  'Sở Công Thương',
  'Sở Nông nghiệp và Môi trường',
  'Sở Xây dựng',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Khoa học và Công nghệ',
  'Sở Dân tộc và Tôn giáo',
  'Thanh tra tỉnh',
  'Ban Quản lý các Khu công nghiệp',
];
const DEPT_KEYS = [
  'vp',
  'nv',
  'tp',
  'tc',
  'ct',
  'nnmt',
  'xd',
  'yt',
  'gd',
  'vh',
  'kh',
  'dt',
  'tt',
  'bql',
];
const NORMAL: UnitProfile = {
  volume: 1,
  online: 1,
  late: 1,
  sync: 0.97,
  digitise: 0.9,
  weakness: null,
};

const two = (n: number) => String(n).padStart(2, '0');

/** A province of the nation scale (pure): names from common Vietnamese place-name syllables. */
export function planSyntheticProvince(
  province: (typeof NATION_PROVINCES)[number],
  rng: Rng,
): OrgPlan {
  const pc = province.code;
  const units: UnitPlan[] = [];
  const lineage: OrgPlan['lineage'] = [];
  const add = (
    u: Omit<UnitPlan, 'profile' | 'teamKey'> & { profile?: Partial<UnitProfile>; teamKey?: string },
  ) =>
    units.push({ ...u, profile: { ...NORMAL, ...(u.profile ?? {}) }, teamKey: u.teamKey ?? u.key });
  add({
    key: 'province',
    parentKey: null,
    kind: 'people_committee',
    level: 'province',
    code: `000.00.00.${pc}`,
    name: `UBND ${province.name}`,
    nameEn: `${province.nameEn} People’s Committee`,
    validFrom: null,
    validTo: null,
  });
  add({
    key: 'centre',
    parentKey: 'province',
    kind: 'service_centre',
    level: 'province',
    code: `000.00.01.${pc}`,
    name: `Trung tâm Phục vụ hành chính công ${province.name}`,
    nameEn: 'Public Administration Service Centre',
    validFrom: null,
    validTo: null,
  });
  DEPARTMENTS.forEach((name, i) => {
    add({
      key: `dept:${DEPT_KEYS[i]}`,
      parentKey: 'province',
      kind: 'department',
      level: 'province',
      code: `000.00.${two(10 + i)}.${pc}`,
      name,
      nameEn: name,
      validFrom: null,
      validTo: null,
      profile: { late: 0.5 + rng.next() * 2 },
    });
  });
  const districtCount = Math.max(4, Math.round(province.communes / 11));
  const used = new Set<string>();
  const placeName = () => {
    for (;;) {
      const name = `${rng.pick(SYLLABLES)} ${rng.pick(SYLLABLES)}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  let newIndex = 0;
  for (let d = 0; d < districtCount; d++) {
    const districtKey = `district:${d}`;
    add({
      key: districtKey,
      parentKey: 'province',
      kind: 'district',
      level: 'district',
      code: `000.${two(11 + d)}.99.${pc}`,
      name: `Huyện ${placeName()} (cũ)`,
      nameEn: 'Former district',
      validFrom: null,
      validTo: '2025-06-30',
    });
    const communes = Math.round(province.communes / districtCount);
    for (let c = 0; c < communes && newIndex < province.communes; c++) {
      newIndex++;
      const newKey = `new:${newIndex}`;
      const weak = rng.chance(0.06);
      const profile: Partial<UnitProfile> = weak
        ? {
            online: 0.2,
            late: 4,
            sync: 0.35,
            digitise: 0.4,
            volume: 0.6 + rng.next(),
            weakness: 'Ít cập nhật hồ sơ lên phần mềm một cửa',
          }
        : { volume: 0.6 + rng.next() * 1.2, online: 0.6 + rng.next() * 0.8 };
      add({
        key: newKey,
        parentKey: 'province',
        kind: 'commune',
        level: 'commune',
        code: `000.${two(30 + Math.floor(newIndex / 100))}.${two(newIndex % 100)}.${pc}`,
        name: `Xã ${placeName()}`,
        nameEn: 'Commune',
        validFrom: COMMUNE_MERGER_DAY,
        validTo: null,
        profile,
      });
      lineage.push({
        predecessorKey: districtKey,
        successorKey: newKey,
        kind: 'split',
        effectiveOn: COMMUNE_MERGER_DAY,
        note: 'Kết thúc hoạt động cấp huyện',
      });
      for (let o = 0; o < 2; o++) {
        const oldKey = `old:${newIndex}:${o}`;
        add({
          key: oldKey,
          parentKey: districtKey,
          kind: 'commune',
          level: 'commune',
          code: `000.${two(60 + Math.floor(newIndex / 50))}.${two((newIndex % 50) * 2 + o)}.${pc}`,
          name: `Xã ${placeName()} (cũ)`,
          nameEn: 'Former commune',
          validFrom: null,
          validTo: '2025-06-30',
          profile,
          teamKey: newKey,
        });
        lineage.push({
          predecessorKey: oldKey,
          successorKey: newKey,
          kind: 'merged',
          effectiveOn: COMMUNE_MERGER_DAY,
          note: 'Sắp xếp đơn vị hành chính cấp xã 2025',
        });
      }
    }
  }
  return {
    tenantCode: pc,
    tenantName: province.name,
    tenantNameEn: `${province.nameEn} Province`,
    units,
    lineage,
  };
}
