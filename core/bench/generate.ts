import fs from 'node:fs';
import path from 'node:path';

/**
 * A messy art-editions export of any size, written as Airtable would: `$1,323.25`, `40%`,
 * `checked`, US dates, names with commas and quotes (quoted again inside link cells), multi-line
 * notes, formula errors, odd header spacing and a few duplicate records. Deterministic: the same
 * `rows` and `editedEvery` give the same files.
 */
export const EDITION_HEADERS = [
  'Display Name',
  'Print',
  'Edition Number',
  'Distributor',
  'Size',
  'Frame',
  'Variation',
  'Printed',
  'Sold',
  'Settled',
  'Stock Checked',
  'Retail  Price ',
  'Date Sold',
  'Invoice Amount',
  'Commission %',
  'Commission Amount',
  'Date in Gallery',
  'Weeks in Gallery',
  'Notes',
  'Payment Note',
  'Print Lookup',
  'Images',
  'Record Id',
];

const SIZES = ['Small', 'large ', 'Large', 'XL', 'Extra Large', 'small'];
const FRAMES = ['Framed', 'Tube only', 'tube', 'Mounted'];
const WORDS = ['Harbour', 'Kestrel', 'Fen', 'Marsh', 'Dune', 'Heron', 'Tide', 'Lantern', 'Quay', 'Willow'];

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function line(values: string[]): string {
  return values.map(csvCell).join(',');
}

export function printName(i: number): string {
  const w = WORDS[i % WORDS.length];
  if (i % 7 === 0) return `${w}, at dawn ${i}`;
  if (i % 11 === 0) return `${w} "Blue" ${i}`;
  return `${w} ${i}`;
}

function linkCell(name: string): string {
  // Airtable quotes a linked name holding a comma or a quote inside the cell's own list.
  return /[",]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

export interface GeneratedExport {
  folder: string;
  editionsFile: string;
  prints: number;
  distributors: number;
  rows: number;
}

export async function generateExport(
  folder: string,
  rows: number,
  opts: { editedEvery?: number } = {},
): Promise<GeneratedExport> {
  await fs.promises.mkdir(folder, { recursive: true });
  const prints = Math.max(10, Math.ceil(rows / 500));
  const distributors = 200;
  const p: string[] = [line(['Name', 'Description', 'Total Editions', 'Web Link', 'Notes ', 'Images'])];
  for (let i = 1; i <= prints; i++) {
    p.push(
      line([
        printName(i),
        `Print number ${i}`,
        '500',
        `https://example.com/p/${i}`,
        i % 13 === 0 ? 'Signed\nby hand' : '',
        i % 5 === 0 ? `img (${i}).jpeg (https://dl.airtable.com/a/${i}.jpeg)` : '',
      ]),
    );
  }
  await fs.promises.writeFile(path.join(folder, 'Prints-Grid view.csv'), `\ufeff${p.join('\r\n')}\r\n`);
  const d: string[] = [line(['Name', 'Commission %', 'Contact', 'Website', 'Total Revenue', 'Last Update'])];
  for (let i = 1; i <= distributors; i++) {
    d.push(
      line([
        i % 9 === 0 ? `Gallery ${i}, Ltd` : `Gallery ${i}`,
        `${30 + (i % 20)}%`,
        `contact${i}@example.com`,
        '',
        `$${(i * 1234.5).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
        `${(i % 12) + 1}/${(i % 28) + 1}/2025 ${(i % 12) + 1}:05pm`,
      ]),
    );
  }
  await fs.promises.writeFile(path.join(folder, 'Distributors-Grid view.csv'), `${d.join('\n')}\n`);

  const editionsFile = path.join(folder, 'Editions-All Records.csv');
  const out = fs.createWriteStream(editionsFile);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  let chunk: string[] = [line(EDITION_HEADERS)];
  const perPrint = Math.ceil(rows / prints);
  for (let r = 0; r < rows; r++) {
    const pi = (r % prints) + 1;
    const number = Math.floor(r / prints) + 1;
    const name = printName(pi);
    const di = (r % distributors) + 1;
    const dname = di % 9 === 0 ? `Gallery ${di}, Ltd` : `Gallery ${di}`;
    const sold = r % 3 === 0;
    const edited = opts.editedEvery !== undefined && r % opts.editedEvery === 0;
    const price = 50 + (r % 200) + (edited ? 7 : 0);
    const month = (r % 12) + 1;
    const day = (r % 28) + 1;
    chunk.push(
      line([
        `${name} #${number}`,
        linkCell(name),
        String(number),
        linkCell(dname),
        SIZES[r % SIZES.length],
        FRAMES[r % FRAMES.length],
        r % 10 === 0 ? 'Sepia' : '',
        r % 4 === 0 ? '' : 'checked',
        sold ? 'checked' : '',
        sold && r % 2 === 0 ? 'checked' : '',
        r % 5 === 0 ? 'checked' : '',
        `$${price.toLocaleString('en-US')}.00`,
        sold ? `${month}/${day}/2025` : '',
        sold ? `$${(price * 10).toLocaleString('en-US')}.50` : '',
        `${30 + (r % 20)}.00%`,
        sold ? `$${(price * 0.3).toFixed(2)}` : '',
        `${month}/${day}/2024`,
        r % 97 === 0 ? 'NaN' : r % 89 === 0 ? '#ERROR!' : String((r % 52) + 0.5),
        r % 50 === 0 ? `Note for ${r}\nsecond line, with a comma` : edited ? 'edited' : '',
        sold ? 'Paid' : '',
        `${linkCell(name)},${linkCell(name)}`,
        '',
        `rec${r.toString(36)}`,
      ]),
    );
    if (chunk.length >= 5000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  // A few records repeated, as Airtable bases often have (the duplicate policy resolves them).
  chunk.push(
    line([
      `${printName(1)} #1`,
      linkCell(printName(1)),
      '1',
      'Gallery 1',
      'Small',
      'Framed',
      '',
      '',
      'checked',
      '',
      '',
      '$60.00',
      '1/2/2025',
      '',
      '30.00%',
      '',
      '',
      '',
      'duplicate',
      '',
      '',
      '',
      'recdup',
    ]),
  );
  await write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  void perPrint;
  return { folder, editionsFile, prints, distributors, rows: rows + 1 };
}
