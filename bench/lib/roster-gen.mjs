// @ts-check
/**
 * Deterministic generator of realistic Ho Chi Minh City rosters for the
 * benchmarks: Vietnamese names with diacritics, 12-digit personal IDs that
 * agree with date of birth and gender, real mobile prefixes, real ward names
 * from before and after the 2025 reorganisation, teams of 4–8 with exactly one
 * leader. Everything comes from a seeded PRNG: the same seed gives the same
 * bytes on every machine (no Math.random, no clock).
 *
 * The ward list is hand-made (former Districts 1, 3, 5 and 10 and the new 2025
 * wards that replaced them); it is not taken from any reference file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

/** The 15 roster columns of DOMAIN.md § Roster columns, in file order. */
export const HEADERS = /** @type {const} */ ([
  'STT',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD',
  'Số điện thoại',
  'Email',
  'Chức danh',
  'Đơn vị công tác',
  'Khu phố/Ấp',
  'Phường/Xã',
  'Quận/Huyện',
  'Ngày tham gia',
  'Hoàn thành OneTouch',
  'Ghi chú',
]);

/** @typedef {(typeof HEADERS)[number]} Header */

/** The column number of each header. */
export const COL = /** @type {{ readonly [K in Header]: number }} */ (Object.fromEntries(HEADERS.map((h, i) => [h, i])));

export const ROLE = { leader: 'Tổ trưởng', deputy: 'Tổ phó', member: 'Thành viên' };

// ---------------------------------------------------------------- randomness

/**
 * cyrb128: a string seed to four 32-bit words.
 * @param {string} str
 * @returns {[number, number, number, number]}
 */
function seedWords(str) {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32 seeded from a string: returns a function giving floats in [0, 1). */
export function createRng(seed) {
  let [a, b, c, d] = seedWords(String(seed));
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const int = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = (rng, arr) => arr[Math.floor(rng() * arr.length)];

/** Weighted choice over [[value, weight], ...] (weights need not sum to 1). */
function weighted(table) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  const cum = [];
  let acc = 0;
  for (const [v, w] of table) {
    acc += w / total;
    cum.push([v, acc]);
  }
  return (rng) => {
    const x = rng();
    for (const [v, c] of cum) if (x < c) return v;
    return cum[cum.length - 1][0];
  };
}

// ---------------------------------------------------------------- names

const familyName = weighted([
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 2.5],
  ['Huỳnh', 3.5],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 3],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Trương', 1],
  ['Đinh', 0.8],
  ['Lâm', 0.8],
  ['Mai', 0.6],
]);
const MIDDLE_M = ['Văn', 'Văn', 'Văn', 'Hữu', 'Minh', 'Quốc', 'Đức', 'Thanh', 'Hoàng', 'Công', 'Tuấn', 'Gia', 'Anh', 'Trọng', 'Xuân'];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Mỹ', 'Bích', 'Phương', 'Hồng', 'Thùy', 'Minh', 'Khánh', 'Diệu'];
const GIVEN_M = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hùng',
  'Khang',
  'Long',
  'Minh',
  'Nam',
  'Phúc',
  'Quang',
  'Sơn',
  'Tài',
  'Thắng',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
  'Huy',
  'Khoa',
  'Đạt',
  'Hiếu',
  'Lộc',
  'Nghĩa',
  'Phong',
  'Thịnh',
  'Trí',
  'Tùng',
  'Đức',
  'Hoàng',
  'Kiên',
  'Lực',
  'Quý',
  'Tâm',
  'Thành',
  'Toàn',
  'Vũ',
  'Bảo',
  'Khải',
];
const GIVEN_F = [
  'Anh',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hoa',
  'Hương',
  'Lan',
  'Linh',
  'Loan',
  'Mai',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phượng',
  'Quyên',
  'Thảo',
  'Thủy',
  'Trang',
  'Tuyết',
  'Uyên',
  'Vy',
  'Yến',
  'Xuân',
  'Nga',
  'Hiền',
  'Diễm',
  'Duyên',
  'Ánh',
  'Nguyệt',
  'Tâm',
  'Thư',
  'Trâm',
  'Vân',
  'Hồng',
  'Ly',
  'My',
  'Nhi',
];

function personName(rng, female) {
  const fam = familyName(rng);
  const parts = [fam];
  // Some people carry the mother's family name too ("Trần Lê Minh Khoa").
  if (rng() < 0.06) parts.push(familyName(rng));
  parts.push(pick(rng, female ? MIDDLE_F : MIDDLE_M));
  if (rng() < 0.12) parts.push(pick(rng, female ? MIDDLE_F.slice(3) : MIDDLE_M.slice(3)));
  parts.push(pick(rng, female ? GIVEN_F : GIVEN_M));
  return parts.filter((p, i) => i === 0 || p !== parts[i - 1]).join(' ');
}

/** ASCII form for e-mail addresses: "Nguyễn Thị Ánh" -> "nguyenthianh". */
function ascii(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------- places

/** @typedef {{ name: string, district: string, old: boolean }} Ward */

/** @type {(name: string, district: string) => Ward} */
const oldWard = (name, district) => ({ name, district, old: true });
/** @type {(name: string) => Ward} */
const newWard = (name) => ({ name, district: '', old: false });

/**
 * Ho Chi Minh City wards, hand-written: wards of former Districts 1, 3, 5 and
 * 10 as they were before 1 July 2025 (with their district), and the new wards
 * formed on 1 July 2025 (no district level any more).
 */
export const WARDS = [
  oldWard('Phường Tân Định', 'Quận 1'),
  oldWard('Phường Đa Kao', 'Quận 1'),
  oldWard('Phường Bến Nghé', 'Quận 1'),
  oldWard('Phường Bến Thành', 'Quận 1'),
  oldWard('Phường Nguyễn Thái Bình', 'Quận 1'),
  oldWard('Phường Phạm Ngũ Lão', 'Quận 1'),
  oldWard('Phường Cầu Ông Lãnh', 'Quận 1'),
  oldWard('Phường Cô Giang', 'Quận 1'),
  oldWard('Phường Nguyễn Cư Trinh', 'Quận 1'),
  oldWard('Phường Cầu Kho', 'Quận 1'),
  oldWard('Phường Võ Thị Sáu', 'Quận 3'),
  oldWard('Phường 1', 'Quận 3'),
  oldWard('Phường 2', 'Quận 3'),
  oldWard('Phường 3', 'Quận 3'),
  oldWard('Phường 4', 'Quận 3'),
  oldWard('Phường 5', 'Quận 3'),
  oldWard('Phường 9', 'Quận 3'),
  oldWard('Phường 11', 'Quận 3'),
  oldWard('Phường 12', 'Quận 3'),
  oldWard('Phường 14', 'Quận 3'),
  oldWard('Phường 1', 'Quận 5'),
  oldWard('Phường 2', 'Quận 5'),
  oldWard('Phường 4', 'Quận 5'),
  oldWard('Phường 11', 'Quận 5'),
  oldWard('Phường 1', 'Quận 10'),
  oldWard('Phường 12', 'Quận 10'),
  oldWard('Phường 14', 'Quận 10'),
  newWard('Phường Sài Gòn'),
  newWard('Phường Tân Định'),
  newWard('Phường Bến Thành'),
  newWard('Phường Cầu Ông Lãnh'),
  newWard('Phường Bàn Cờ'),
  newWard('Phường Xuân Hòa'),
  newWard('Phường Nhiêu Lộc'),
  newWard('Phường Chợ Quán'),
  newWard('Phường An Đông'),
  newWard('Phường Chợ Lớn'),
  newWard('Phường Diên Hồng'),
  newWard('Phường Vườn Lài'),
  newWard('Phường Hòa Hưng'),
];

/**
 * The 30 wards of the city-scale job: every old ward of former Districts 1
 * and 3 (rosters not yet updated), and ten new wards (rosters already using
 * the 2025 names).
 */
export const CITY_WARDS = [...WARDS.filter((w) => w.old && (w.district === 'Quận 1' || w.district === 'Quận 3')), ...WARDS.filter((w) => !w.old).slice(0, 10)];

/** Province prefixes of the personal ID: "0" + the 2-digit statistics code. */
const idProvince = weighted([
  ['079', 70],
  ['074', 5],
  ['077', 4],
  ['075', 2],
  ['080', 2],
  ['082', 1.5],
  ['083', 1.5],
  ['087', 1],
  ['089', 1],
  ['092', 1],
  ['096', 0.8],
  ['094', 0.7],
  ['052', 1],
  ['054', 0.6],
  ['051', 0.8],
  ['049', 0.8],
  ['046', 0.7],
  ['040', 1],
  ['038', 1],
  ['042', 0.6],
  ['036', 0.6],
  ['034', 0.5],
  ['031', 0.4],
  ['001', 0.8],
]);

const MOBILE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '086',
  '096',
  '097',
  '098', // Viettel
  '081',
  '082',
  '083',
  '084',
  '085',
  '088',
  '091',
  '094', // VinaPhone
  '070',
  '076',
  '077',
  '078',
  '079',
  '089',
  '090',
  '093', // MobiFone
  '052',
  '056',
  '058',
  '092', // Vietnamobile
  '059',
  '099', // Gmobile
  '087', // Itel
];

const SCHOOLS = ['Trường THCS Nguyễn Du', 'Trường Tiểu học Lê Ngọc Hân', 'Trường THPT Lê Quý Đôn', 'Trường THCS Minh Đức', 'Trường Tiểu học Kết Đoàn'];

function organisation(rng, ward, neighbourhood) {
  const short = ward.name.replace(/^Phường /, '');
  const where = ward.district || short;
  const x = rng();
  if (x < 0.1) return '';
  if (x < 0.2) return `UBND phường ${short}`;
  if (x < 0.28) return `Công an phường, ${where}`;
  if (x < 0.38) return `Đoàn Thanh niên phường ${short}`;
  if (x < 0.48) return `Hội Liên hiệp Phụ nữ phường ${short}`;
  if (x < 0.56) return neighbourhood ? `Ban điều hành ${neighbourhood}` : `Mặt trận Tổ quốc phường ${short}`;
  if (x < 0.63) return ward.district ? `${pick(rng, SCHOOLS)}, ${ward.district}` : pick(rng, SCHOOLS);
  if (x < 0.68) return `Trạm Y tế phường ${short}`;
  if (x < 0.72) return 'Viettel Thành phố Hồ Chí Minh';
  if (x < 0.75) return 'VNPT Thành phố Hồ Chí Minh';
  if (x < 0.77) return 'MobiFone Khu vực 2';
  if (x < 0.79) return 'Bưu điện Thành phố Hồ Chí Minh';
  if (x < 0.88) return 'Hưu trí';
  if (x < 0.94) return 'Tự do';
  return 'Sinh viên Trường Đại học Bách khoa';
}

const NOTES = [
  'Chuyển từ Khu phố 3, tháng 10/2026',
  'Thường gọi là "Út"',
  'Đã tập huấn VNeID',
  'Nghỉ hưu, tham gia tự nguyện',
  'Kiêm tổ trưởng tổ dân phố',
  'Hỗ trợ người cao tuổi cài đặt VNeID, dịch vụ công',
  'Số điện thoại Zalo',
];

// ---------------------------------------------------------------- dates and IDs

const DAY_MS = 86_400_000;
const dayNumber = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);

/** A day number to { y, m, d } and the dd/mm/yyyy text. */
export function fromDayNumber(n) {
  const dt = new Date(n * DAY_MS);
  const y = dt.getUTCFullYear(),
    m = dt.getUTCMonth() + 1,
    d = dt.getUTCDate();
  return { y, m, d, text: `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}` };
}

const BIRTH_FIRST = dayNumber(1956, 1, 1);
const BIRTH_LAST = dayNumber(2008, 6, 30);
const JOIN_FIRST = dayNumber(2022, 3, 5); // pilot guidance 793/BTTTT-THH
const JOIN_LAST = dayNumber(2026, 10, 31);

/**
 * Unique personal IDs: the last six digits come from a per-(province, century
 * and gender, year) counter passed through a bijection of 0..999999, so IDs
 * never repeat and still look random.
 */
class IdAllocator {
  constructor(rng) {
    this.counters = new Map();
    this.offset = Math.floor(rng() * 1_000_000);
  }
  next(prefix, centuryGender, yy) {
    const key = prefix + centuryGender + yy;
    const k = this.counters.get(key) ?? 0;
    if (k >= 1_000_000) throw new Error(`personal ID space exhausted for ${key}`);
    this.counters.set(key, k + 1);
    // 387_419 is odd and not a multiple of 5: invertible modulo 10^6.
    let h = this.offset;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 1_000_000;
    const tail = (k * 387_419 + h) % 1_000_000;
    return key + String(tail).padStart(6, '0');
  }
}

// ---------------------------------------------------------------- the generator

/**
 * A roster generator. One instance keeps one PRNG and one ID allocator, so
 * several files written by the same instance (city mode) never share an ID.
 */
export function createGenerator({ seed = 'roster-bench' } = {}) {
  const rng = createRng(seed);
  const ids = new IdAllocator(rng);
  const neighbourhoodCounter = new Map();
  let stt = 0;

  function person(role, ward, neighbourhood, nbStyle) {
    const female = rng() < (role === 'leader' ? 0.45 : 0.53);
    const name = personName(rng, female);
    // Leaders tend to be older.
    const lo = role === 'leader' ? BIRTH_FIRST : BIRTH_FIRST + 3650;
    const birth = fromDayNumber(int(rng, lo, BIRTH_LAST));
    const centuryGender = (birth.y >= 2000 ? 2 : 0) + (female ? 1 : 0);
    const yy = String(birth.y % 100).padStart(2, '0');
    const id = rng() < 0.005 ? '' : ids.next(idProvince(rng), String(centuryGender), yy);
    const phone = rng() < 0.03 ? '' : pick(rng, MOBILE_PREFIXES) + String(int(rng, 0, 9_999_999)).padStart(7, '0');
    let email = '';
    if (rng() < 0.45) {
      const given = name.split(' ').pop();
      const fam = name.split(' ')[0];
      email = `${ascii(given)}${ascii(fam)}${yy}${rng() < 0.5 ? '' : int(rng, 1, 99)}@${pick(rng, ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com'])}`;
    }
    const adult = dayNumber(birth.y + 18, birth.m, Math.min(birth.d, 28));
    const joined = fromDayNumber(int(rng, Math.max(JOIN_FIRST, adult), JOIN_LAST));
    const onetouch = rng() < 0.66 ? 'Có' : 'Không';
    const note = rng() < 0.12 ? pick(rng, NOTES) : '';
    return ['', name, birth.text, female ? 'Nữ' : 'Nam', id, phone, email, ROLE[role], organisation(rng, ward, neighbourhood), nbStyle, '', '', joined.text, onetouch, note];
  }

  /** One team (array of rows): one leader first, 0–2 deputies, then members. */
  function team(ward, size) {
    const n = neighbourhoodCounter.get(ward) ?? 0;
    neighbourhoodCounter.set(ward, n + 1);
    // The first team of each ward is the ward-level team (no neighbourhood).
    const neighbourhood = n === 0 ? '' : `Khu phố ${n}`;
    const nbText = n === 0 ? '' : rng() < 0.06 ? `KP ${n}` : neighbourhood;
    const wardText = rng() < 0.08 ? ward.name.replace(/^Phường /, 'P. ') : ward.name;
    const r = rng();
    const deputies = Math.min(size - 2, r < 0.3 ? 0 : r < 0.85 ? 1 : 2);
    const rows = [];
    for (let i = 0; i < size; i++) {
      const role = i === 0 ? 'leader' : i <= deputies ? 'deputy' : 'member';
      const row = person(role, ward, neighbourhood, nbText);
      row[COL['Phường/Xã']] = wardText;
      row[COL['Quận/Huyện']] = ward.district;
      rows.push(row);
    }
    return rows;
  }

  /**
   * Yields exactly `count` rows (arrays of 15 strings), team by team, wards in
   * contiguous blocks in the order given. Team sizes are 4–8 (only a roster of
   * fewer than 4 rows has a smaller team).
   */
  function* rows(count, wards = WARDS, { restartNumbering = true } = {}) {
    if (restartNumbering) stt = 0;
    let emitted = 0;
    while (emitted < count) {
      const remaining = count - emitted;
      let size;
      if (remaining <= 8) size = remaining;
      else if (remaining < 12) size = remaining - 4;
      else size = int(rng, 4, 8);
      const ward = wards[Math.min(wards.length - 1, Math.floor((emitted * wards.length) / count))];
      for (const row of team(ward, size)) {
        row[0] = String(++stt);
        yield row;
      }
      emitted += size;
    }
  }

  return { rows, rng };
}

// ---------------------------------------------------------------- writers

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line (RFC 4180, quotes only where needed, CRLF). */
export function csvLine(fields) {
  let s = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (i) s += ',';
    s += NEEDS_QUOTES.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
  }
  return `${s}\r\n`;
}

async function writeChunks(out, lines, { bom = false } = {}) {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.part`;
  const ws = fs.createWriteStream(tmp);
  let buf = bom ? '\ufeff' : '';
  let bytes = 0;
  for (const line of lines) {
    buf += line;
    if (buf.length > 1 << 16) {
      bytes += Buffer.byteLength(buf);
      if (!ws.write(buf)) await once(ws, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  ws.end(buf);
  await once(ws, 'finish');
  fs.renameSync(tmp, out);
  return bytes;
}

/**
 * @typedef {object} WriteOptions What a writer writes: `rows` rows to `out`, from `generator` (one made from `seed` when absent).
 * @property {string} out
 * @property {number} rows
 * @property {string} [seed]
 * @property {Ward[]} [wards]
 * @property {ReturnType<typeof createGenerator>} [generator]
 */

/**
 * Streams a CSV roster of `rows` rows to `out` (bounded memory).
 * @param {WriteOptions & { bom?: boolean }} options
 */
export async function writeCsv({ out, rows, seed = 'roster-bench', wards = WARDS, bom = false, generator }) {
  const gen = generator ?? createGenerator({ seed });
  function* lines() {
    yield csvLine(HEADERS);
    for (const r of gen.rows(rows, wards)) yield csvLine(r);
  }
  const bytes = await writeChunks(out, lines(), { bom });
  return { out, rows, bytes };
}

/** @param {string} text */
function parseDmy(text) {
  const [d = NaN, m = NaN, y = NaN] = text.split('/').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Writes an XLSX roster with the exceljs streaming writer (so the file comes
 * from a different program than the project's reader): a title block with
 * merged cells above the header, dates of birth as real date cells, IDs and
 * phones as text, shared strings as Excel writes them (`strings: 'inline'`
 * for inline strings).
 * @param {WriteOptions & { title?: boolean, strings?: 'shared' | 'inline' }} options
 */
export async function writeXlsx({ out, rows, seed = 'roster-bench', wards = WARDS, title = true, strings = 'shared', generator }) {
  const { default: ExcelJS } = await import('exceljs');
  const gen = generator ?? createGenerator({ seed });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.part`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: strings === 'shared' });
  wb.creator = 'UBND phường';
  wb.created = new Date(Date.UTC(2026, 10, 28));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Danh sách', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.columns = HEADERS.map((_h, i) => ({
    key: `c${i}`,
    width: [6, 26, 12, 8, 15, 13, 28, 12, 30, 12, 22, 10, 13, 10, 30][i],
    style: i === COL['Ngày sinh'] ? { numFmt: 'dd/mm/yyyy' } : undefined,
  }));
  // exceljs writes the header from `columns`; put the title block first instead.
  if (title) {
    const office = wards.length === 1 && wards[0] ? `UBND ${wards[0].name.toUpperCase()}` : 'UBND THÀNH PHỐ HỒ CHÍ MINH';
    // Merge first: the streaming writer cannot touch a committed row.
    ws.mergeCells('A1:E1');
    ws.mergeCells('A2:O2');
    ws.mergeCells('A3:O3');
    const lines = [office, 'DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG', 'Tháng 11/2026'];
    lines.forEach((text, i) => {
      const row = ws.getRow(i + 1);
      row.getCell(1).value = text;
      row.font = { bold: true, size: i === 1 ? 14 : 12 };
      if (i > 0) row.alignment = { horizontal: 'center' };
      row.commit();
    });
    ws.getRow(4).commit();
  }
  const header = ws.getRow(title ? 5 : 1);
  header.values = [...HEADERS];
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (const r of gen.rows(rows, wards)) {
    // Blank cells are absent in an XLSX, not empty strings.
    const values = r.map((v) => (v === '' ? null : v));
    values[0] = Number(r[0]);
    values[COL['Ngày sinh']] = parseDmy(r[COL['Ngày sinh']]);
    ws.addRow(values).commit();
    // Let the zip stream drain now and then, or everything stays in memory.
    if (++n % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  ws.commit();
  await wb.commit();
  fs.renameSync(tmp, out);
  return { out, rows, bytes: fs.statSync(out).size };
}

/** "Phường Bến Nghé" -> "phuong-ben-nghe". */
export function slug(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * City mode: `members` members in one file per ward (30 wards), written by one
 * generator so no ID repeats across files. `format` is 'csv', 'xlsx' or
 * 'mixed' (two XLSX files for every CSV, as wards send them).
 */
export async function writeCity({ outDir, members = 11_000, seed = 'roster-city', format = 'mixed', wards = CITY_WARDS }) {
  const gen = createGenerator({ seed });
  fs.mkdirSync(outDir, { recursive: true });
  const files = [];
  const base = Math.floor(members / wards.length);
  const extra = members - base * wards.length;
  for (const [i, w] of wards.entries()) {
    const n = base + (i < extra ? 1 : 0);
    const fmt = format === 'mixed' ? (i % 3 === 2 ? 'csv' : 'xlsx') : format;
    const name = `${String(i + 1).padStart(2, '0')}-${slug(w.name)}${w.district ? `-${slug(w.district)}` : ''}.${fmt}`;
    const out = path.join(outDir, name);
    if (fmt === 'csv') await writeCsv({ out, rows: n, wards: [w], generator: gen });
    else await writeXlsx({ out, rows: n, wards: [w], generator: gen });
    files.push({ file: out, rows: n, ward: w.name, district: w.district });
  }
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify({ seed, members, format, files: files.map((f) => ({ ...f, file: path.basename(f.file) })) }, null, 2)}\n`);
  return files;
}
