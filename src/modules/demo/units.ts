import type { Rng } from './rng.js';
import type { DemoWriter } from './writer.js';

/**
 * The organisation of a demo province, shaped like Lai Châu (unchanged by the 2025 merger of
 * provinces): the provincial people's committee, its departments (five of which merged into
 * others on 1 March 2025), the provincial public-administration service centre, the former
 * 8 districts and ~100 former communes (valid until 30 June 2025), and the 38 communes and
 * wards that succeeded them on 1 July 2025, with lineage edges for every change.
 *
 * Names are real-sounding Lai Châu names; the grouping of former communes into new ones is
 * plausible, not the official resolution.
 */

/** How a unit behaves in the generated data (1 = the province's norm). */
export interface UnitProfile {
  /** Relative number of dossiers received. */
  volume: number;
  /** Multiplier of the chance that an applicant uses the online channel. */
  online: number;
  /** Multiplier of the chance of a late dossier. */
  late: number;
  /** Share of dossiers synced to the national portal (progress published). */
  sync: number;
  /** Share of paper dossiers digitised at reception. */
  digitise: number;
  /** Why the unit is weak, in Vietnamese (shown in docs and the summary); null for most. */
  weakness: string | null;
}

export interface UnitPlan {
  key: string;
  parentKey: string | null;
  kind: string;
  level: string;
  code: string;
  name: string;
  nameEn: string;
  validFrom: string | null;
  validTo: string | null;
  profile: UnitProfile;
  /** Where the unit's staff sit: units of the same team (a former commune → its successor). */
  teamKey: string;
}

export interface LineagePlan {
  predecessorKey: string;
  successorKey: string;
  kind: 'merged' | 'split' | 'renamed' | 'transferred';
  effectiveOn: string;
  note: string;
}

export interface OrgPlan {
  tenantCode: string;
  tenantName: string;
  tenantNameEn: string;
  units: UnitPlan[];
  lineage: LineagePlan[];
}

export const DEPARTMENT_MERGER_DAY = '2025-03-01';
export const COMMUNE_MERGER_DAY = '2025-07-01';
const DAY_BEFORE_DEPARTMENT_MERGER = '2025-02-28';
const DAY_BEFORE_COMMUNE_MERGER = '2025-06-30';

const NORMAL: UnitProfile = {
  volume: 1,
  online: 1,
  late: 1,
  sync: 0.97,
  digitise: 0.9,
  weakness: null,
};

/** Departments: key, name, English name, valid until (former ones), successor key. */
const DEPARTMENTS: [string, string, string, string | null, string | null][] = [
  [
    'vp',
    'Văn phòng Ủy ban nhân dân tỉnh',
    'Office of the Provincial People’s Committee',
    null,
    null,
  ],
  ['nv', 'Sở Nội vụ', 'Department of Home Affairs', null, null],
  ['tp', 'Sở Tư pháp', 'Department of Justice', null, null],
  ['tc', 'Sở Tài chính', 'Department of Finance', null, null],
  ['ct', 'Sở Công Thương', 'Department of Industry and Trade', null, null],
  ['nnmt', 'Sở Nông nghiệp và Môi trường', 'Department of Agriculture and Environment', null, null],
  ['xd', 'Sở Xây dựng', 'Department of Construction', null, null],
  ['yt', 'Sở Y tế', 'Department of Health', null, null],
  ['gd', 'Sở Giáo dục và Đào tạo', 'Department of Education and Training', null, null],
  [
    'vh',
    'Sở Văn hóa, Thể thao và Du lịch',
    'Department of Culture, Sports and Tourism',
    null,
    null,
  ],
  ['kh', 'Sở Khoa học và Công nghệ', 'Department of Science and Technology', null, null],
  ['dt', 'Sở Dân tộc và Tôn giáo', 'Department of Ethnic and Religious Affairs', null, null],
  ['tt', 'Thanh tra tỉnh', 'Provincial Inspectorate', null, null],
  ['bql', 'Ban Quản lý Khu kinh tế tỉnh', 'Economic Zone Authority', null, null],
  [
    'khdt',
    'Sở Kế hoạch và Đầu tư',
    'Department of Planning and Investment',
    DAY_BEFORE_DEPARTMENT_MERGER,
    'tc',
  ],
  [
    'tnmt',
    'Sở Tài nguyên và Môi trường',
    'Department of Natural Resources and Environment',
    DAY_BEFORE_DEPARTMENT_MERGER,
    'nnmt',
  ],
  ['gtvt', 'Sở Giao thông vận tải', 'Department of Transport', DAY_BEFORE_DEPARTMENT_MERGER, 'xd'],
  [
    'ldtbxh',
    'Sở Lao động – Thương binh và Xã hội',
    'Department of Labour, Invalids and Social Affairs',
    DAY_BEFORE_DEPARTMENT_MERGER,
    'nv',
  ],
  [
    'tttt',
    'Sở Thông tin và Truyền thông',
    'Department of Information and Communications',
    DAY_BEFORE_DEPARTMENT_MERGER,
    'kh',
  ],
  [
    'bdt',
    'Ban Dân tộc tỉnh',
    'Provincial Ethnic Minorities Committee',
    DAY_BEFORE_DEPARTMENT_MERGER,
    'dt',
  ],
];

/**
 * Former districts and the communes that succeeded them: [new name, kind, former communes].
 * A former name starting with "TT " is a township (thị trấn); "P " a ward.
 */
const DISTRICTS: {
  key: string;
  name: string;
  nameEn: string;
  kind: string;
  communes: [string, 'commune' | 'ward', string[]][];
}[] = [
  {
    key: 'tplc',
    name: 'Thành phố Lai Châu',
    nameEn: 'Lai Chau City',
    kind: 'city',
    communes: [
      ['Tân Phong', 'ward', ['P Tân Phong', 'P Quyết Thắng', 'P Quyết Tiến', 'San Thàng']],
      ['Đoàn Kết', 'ward', ['P Đoàn Kết', 'P Đông Phong', 'Nậm Loỏng']],
    ],
  },
  {
    key: 'tamduong',
    name: 'Huyện Tam Đường',
    nameEn: 'Tam Duong District',
    kind: 'district',
    communes: [
      ['Tam Đường', 'commune', ['TT Tam Đường', 'Bản Hon']],
      ['Bình Lư', 'commune', ['Bình Lư', 'Bản Giang']],
      ['Bản Bo', 'commune', ['Bản Bo', 'Nà Tăm']],
      ['Khun Há', 'commune', ['Khun Há', 'Nùng Nàng']],
      ['Sơn Bình', 'commune', ['Sơn Bình', 'Thèn Sin', 'Sùng Phài']],
      ['Tả Lèng', 'commune', ['Tả Lèng', 'Giang Ma', 'Hồ Thầu']],
    ],
  },
  {
    key: 'phongtho',
    name: 'Huyện Phong Thổ',
    nameEn: 'Phong Tho District',
    kind: 'district',
    communes: [
      ['Phong Thổ', 'commune', ['TT Phong Thổ', 'Mường So', 'Hoang Thèn']],
      ['Khổng Lào', 'commune', ['Khổng Lào', 'Bản Lang']],
      ['Sin Suối Hồ', 'commune', ['Sin Suối Hồ', 'Nậm Xe']],
      ['Dào San', 'commune', ['Dào San', 'Mù Sang', 'Tung Qua Lìn']],
      ['Sì Lở Lầu', 'commune', ['Sì Lở Lầu', 'Ma Li Pho', 'Mồ Sì San']],
      ['Vàng Ma Chải', 'commune', ['Vàng Ma Chải', 'Pa Vây Sử', 'Huổi Luông']],
    ],
  },
  {
    key: 'sinho',
    name: 'Huyện Sìn Hồ',
    nameEn: 'Sin Ho District',
    kind: 'district',
    communes: [
      ['Sìn Hồ', 'commune', ['TT Sìn Hồ', 'Ma Quai', 'Tả Phìn']],
      ['Hồng Thu', 'commune', ['Hồng Thu', 'Phìn Hồ', 'Lùng Thàng']],
      ['Tủa Sín Chải', 'commune', ['Tủa Sín Chải', 'Làng Mô', 'Tả Ngảo']],
      ['Nậm Tăm', 'commune', ['Nậm Tăm', 'Nậm Cha', 'Noong Hẻo']],
      ['Pu Sam Cáp', 'commune', ['Pu Sam Cáp', 'Căn Co', 'Nậm Cuổi']],
      ['Pa Tần', 'commune', ['Pa Tần', 'Nậm Mạ', 'Nậm Hăn', 'Phăng Sô Lin']],
    ],
  },
  {
    key: 'muongte',
    name: 'Huyện Mường Tè',
    nameEn: 'Muong Te District',
    kind: 'district',
    communes: [
      ['Mường Tè', 'commune', ['TT Mường Tè', 'Vàng San', 'Bum Tở']],
      ['Bum Nưa', 'commune', ['Bum Nưa', 'Kan Hồ']],
      ['Thu Lũm', 'commune', ['Thu Lũm', 'Ka Lăng']],
      ['Pa Ủ', 'commune', ['Pa Ủ', 'Pa Vệ Sủ']],
      ['Mù Cả', 'commune', ['Mù Cả', 'Tá Bạ']],
      ['Tà Tổng', 'commune', ['Tà Tổng', 'Nậm Khao']],
    ],
  },
  {
    key: 'namnhun',
    name: 'Huyện Nậm Nhùn',
    nameEn: 'Nam Nhun District',
    kind: 'district',
    communes: [
      ['Nậm Hàng', 'commune', ['TT Nậm Nhùn', 'Nậm Hàng', 'Nậm Manh']],
      ['Mường Mô', 'commune', ['Mường Mô', 'Nậm Chà']],
      ['Lê Lợi', 'commune', ['Lê Lợi', 'Nậm Pì', 'Pú Đao', 'Trung Chải']],
      ['Hua Bum', 'commune', ['Hua Bum', 'Nậm Ban']],
    ],
  },
  {
    key: 'thanuyen',
    name: 'Huyện Than Uyên',
    nameEn: 'Than Uyen District',
    kind: 'district',
    communes: [
      ['Than Uyên', 'commune', ['TT Than Uyên', 'Mường Cang', 'Hua Nà']],
      ['Mường Than', 'commune', ['Mường Than', 'Phúc Than', 'Mường Mít', 'Pha Mu']],
      ['Mường Kim', 'commune', ['Mường Kim', 'Tà Hừa', 'Tà Mung']],
      ['Khoen On', 'commune', ['Khoen On', 'Ta Gia']],
    ],
  },
  {
    key: 'tanuyen',
    name: 'Huyện Tân Uyên',
    nameEn: 'Tan Uyen District',
    kind: 'district',
    communes: [
      ['Tân Uyên', 'commune', ['TT Tân Uyên', 'Thân Thuộc', 'Trung Đồng']],
      ['Mường Khoa', 'commune', ['Mường Khoa', 'Phúc Khoa']],
      ['Pắc Ta', 'commune', ['Pắc Ta', 'Hố Mít']],
      ['Nậm Sỏ', 'commune', ['Nậm Sỏ', 'Nậm Cần', 'Tà Mít']],
    ],
  },
];

/**
 * The weak units, on purpose, as in the seeds: a commune whose one-stop desk enters few
 * dossiers in the software and publishes progress for about 31.3% of them (Chiềng Sàng in the
 * Sơn La seed: 423 of 2,936), a district like Yên Châu with low online and postal use, and a
 * department with many late land dossiers (Lai Châu's own 2019 conclusion).
 */
const WEAK: Record<string, Partial<UnitProfile>> = {
  'new:Mù Cả': {
    online: 0.15,
    late: 5,
    sync: 0.313,
    digitise: 0.3,
    weakness:
      'Bộ phận một cửa ít cập nhật hồ sơ lên phần mềm: chỉ 31,3% hồ sơ được công khai tiến độ; ít dùng dịch vụ công trực tuyến; nhiều hồ sơ trễ hẹn',
  },
  'old:Mù Cả': {
    online: 0.15,
    late: 5,
    sync: 0.313,
    digitise: 0.3,
    weakness: 'Như xã Mù Cả (mới): ít cập nhật lên phần mềm một cửa',
  },
  'old:Tá Bạ': {
    online: 0.15,
    late: 4,
    sync: 0.35,
    digitise: 0.3,
    weakness: 'Như xã Mù Cả (mới): ít cập nhật lên phần mềm một cửa',
  },
  'district:muongte': {
    online: 0.3,
    late: 3,
    sync: 0.5,
    digitise: 0.5,
    weakness:
      'Tỷ lệ hồ sơ giải quyết và công khai tiến độ thấp; ít tiếp nhận trực tuyến và qua bưu chính công ích',
  },
  'dept:nnmt': { late: 4, weakness: 'Tỷ lệ hồ sơ trễ hẹn trên lĩnh vực đất đai cao' },
  'dept:tnmt': { late: 4, weakness: 'Tỷ lệ hồ sơ trễ hẹn trên lĩnh vực đất đai cao' },
  'new:Pa Ủ': {
    online: 0.4,
    late: 2.5,
    sync: 0.8,
    weakness: 'Xã vùng sâu: đường sá khó khăn, ít dùng dịch vụ trực tuyến',
  },
  'new:Tân Phong': { online: 2.2, late: 0.5, volume: 2.5, weakness: null },
  'new:Đoàn Kết': { online: 1.8, late: 0.6, volume: 2.2, weakness: null },
};

function profile(key: string, base: Partial<UnitProfile> = {}): UnitProfile {
  return { ...NORMAL, ...base, ...(WEAK[key] ?? {}) };
}

function romanise(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D');
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The province plan (pure). `provinceCode` is the tail of the agency identifiers (H40 in the
 * starter), `tenantCode` the tenant's code. With `communeOnly`, just the committee, one former
 * commune and the commune that succeeded it (the small `commune` scale).
 */
export function planProvince(options: {
  tenantCode: string;
  name: string;
  nameEn: string;
  provinceCode: string;
  communeOnly?: boolean;
  rng: Rng;
}): OrgPlan {
  const { provinceCode: pc } = options;
  const units: UnitPlan[] = [];
  const lineage: LineagePlan[] = [];
  const add = (
    unit: Omit<UnitPlan, 'profile' | 'teamKey'> & { profile?: UnitProfile; teamKey?: string },
  ) => {
    units.push({
      ...unit,
      profile: unit.profile ?? profile(unit.key),
      teamKey: unit.teamKey ?? unit.key,
    });
  };
  add({
    key: 'province',
    parentKey: null,
    kind: 'people_committee',
    level: 'province',
    code: `000.00.00.${pc}`,
    name: `UBND ${options.name}`,
    nameEn: `${options.nameEn} People’s Committee`,
    validFrom: null,
    validTo: null,
  });
  add({
    key: 'centre',
    parentKey: 'province',
    kind: 'service_centre',
    level: 'province',
    code: `000.00.01.${pc}`,
    name: `Trung tâm Phục vụ hành chính công ${options.name.replace(/^Tỉnh/, 'tỉnh')}`,
    nameEn: 'Provincial Public Administration Service Centre',
    validFrom: null,
    validTo: null,
  });

  const districts = options.communeOnly
    ? [
        {
          ...(DISTRICTS[1] as (typeof DISTRICTS)[number]),
          communes: [
            (DISTRICTS[1] as (typeof DISTRICTS)[number]).communes[0] as [
              string,
              'commune' | 'ward',
              string[],
            ],
          ],
        },
      ]
    : DISTRICTS;
  if (!options.communeOnly) {
    DEPARTMENTS.forEach(([key, name, nameEn, validTo, successor], i) => {
      add({
        key: `dept:${key}`,
        parentKey: 'province',
        kind: 'department',
        level: 'province',
        code: `000.00.${two(10 + i)}.${pc}`,
        name,
        nameEn,
        validFrom: null,
        validTo,
        teamKey: successor ? `dept:${successor}` : `dept:${key}`,
      });
      if (successor) {
        lineage.push({
          predecessorKey: `dept:${key}`,
          successorKey: `dept:${successor}`,
          kind: 'merged',
          effectiveOn: DEPARTMENT_MERGER_DAY,
          note: 'Sắp xếp cơ quan chuyên môn thuộc UBND tỉnh từ 01/3/2025',
        });
      }
    });
  }

  let newIndex = 0;
  districts.forEach((district, d) => {
    const districtKey = `district:${district.key}`;
    add({
      key: districtKey,
      parentKey: 'province',
      kind: district.kind,
      level: 'district',
      code: `000.${two(11 + d)}.00.${pc}`,
      name: `${district.name} (cũ)`,
      nameEn: `${district.nameEn} (former)`,
      validFrom: null,
      validTo: DAY_BEFORE_COMMUNE_MERGER,
    });
    let oldIndex = 0;
    for (const [newName, newKind, olds] of district.communes) {
      newIndex++;
      const newKey = `new:${newName}`;
      const prefix = newKind === 'ward' ? 'Phường' : 'Xã';
      add({
        key: newKey,
        parentKey: 'province',
        kind: newKind,
        level: 'commune',
        code: `000.${two(30 + Math.floor((newIndex - 1) / 99))}.${two(newIndex)}.${pc}`,
        name: `${prefix} ${newName}`,
        nameEn: `${romanise(newName)} ${newKind === 'ward' ? 'Ward' : 'Commune'}`,
        validFrom: COMMUNE_MERGER_DAY,
        validTo: null,
      });
      lineage.push({
        predecessorKey: districtKey,
        successorKey: newKey,
        kind: 'split',
        effectiveOn: COMMUNE_MERGER_DAY,
        note: 'Kết thúc hoạt động cấp huyện; nhiệm vụ chuyển về cấp xã (Nghị quyết 202/2025/QH15)',
      });
      for (const old of olds) {
        oldIndex++;
        const [kind, label, bare] = old.startsWith('TT ')
          ? ['town', 'Thị trấn', old.slice(3)]
          : old.startsWith('P ')
            ? ['ward', 'Phường', old.slice(2)]
            : ['commune', 'Xã', old];
        const oldKey = `old:${bare}`;
        add({
          key: oldKey,
          parentKey: districtKey,
          kind,
          level: 'commune',
          code: `000.${two(11 + d)}.${two(oldIndex)}.${pc}`,
          name: `${label} ${bare} (cũ)`,
          nameEn: `${romanise(bare)} ${kind === 'town' ? 'Township' : kind === 'ward' ? 'Ward' : 'Commune'} (former)`,
          validFrom: null,
          validTo: DAY_BEFORE_COMMUNE_MERGER,
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
  });
  // Population proxy: the towns and wards receive more than remote communes.
  for (const unit of units) {
    if (unit.level !== 'commune') continue;
    const town = unit.kind === 'town' || unit.kind === 'ward';
    unit.profile = {
      ...unit.profile,
      volume: unit.profile.volume * (town ? 1.8 : 0.6 + options.rng.next() * 0.8),
    };
  }
  return {
    tenantCode: options.tenantCode,
    tenantName: options.name,
    tenantNameEn: options.nameEn,
    units,
    lineage,
  };
}

/** Ids of the written units by plan key. */
export type UnitIds = Map<string, number>;

const UNIT_COLUMNS = [
  'id',
  'tenant_id',
  'parent_id',
  'kind',
  'level',
  'code',
  'name',
  'name_en',
  'valid_from',
  'valid_to',
  'created_at',
] as const;
const CLOSURE_COLUMNS = ['tenant_id', 'ancestor_id', 'descendant_id', 'depth'] as const;
const LINEAGE_COLUMNS = [
  'id',
  'tenant_id',
  'predecessor_id',
  'successor_id',
  'kind',
  'effective_on',
  'note',
] as const;

/**
 * Writes the tenant's units, their closure rows (each unit with itself at depth 0 and every
 * ancestor, as `insertUnit` writes them) and the lineage edges; returns the ids by plan key.
 */
export async function writeUnits(
  writer: DemoWriter,
  tenantId: number,
  plan: OrgPlan,
  createdAt: string,
): Promise<UnitIds> {
  const ids: UnitIds = new Map();
  const first = await writer.reserveIds('units', plan.units.length);
  for (const [i, unit] of plan.units.entries()) ids.set(unit.key, first + i);
  const parents = new Map(plan.units.map((u) => [u.key, u.parentKey]));
  for (const unit of plan.units) {
    const id = ids.get(unit.key) as number;
    const parentId = unit.parentKey ? (ids.get(unit.parentKey) ?? null) : null;
    await writer.push('units', UNIT_COLUMNS, [
      id,
      tenantId,
      parentId,
      unit.kind,
      unit.level,
      unit.code,
      unit.name,
      unit.nameEn,
      unit.validFrom,
      unit.validTo,
      createdAt,
    ]);
  }
  for (const unit of plan.units) {
    const id = ids.get(unit.key) as number;
    let depth = 0;
    let key: string | null = unit.key;
    while (key) {
      await writer.push('unit_closure', CLOSURE_COLUMNS, [
        tenantId,
        ids.get(key) as number,
        id,
        depth,
      ]);
      key = parents.get(key) ?? null;
      depth++;
    }
  }
  const firstEdge = await writer.reserveIds('unit_lineage', plan.lineage.length);
  for (const [i, edge] of plan.lineage.entries()) {
    await writer.push('unit_lineage', LINEAGE_COLUMNS, [
      firstEdge + i,
      tenantId,
      ids.get(edge.predecessorKey) as number,
      ids.get(edge.successorKey) as number,
      edge.kind,
      edge.effectiveOn,
      edge.note,
    ]);
  }
  return ids;
}
