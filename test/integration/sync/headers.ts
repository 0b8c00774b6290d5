/** The headers of the small art-editions exports the tests write (no vitest here: child processes import it). */
export const PRINT_HEADERS = ['Name', 'Description', 'Total Editions', 'Web Link', 'Notes', 'Images'];
export const DISTRIBUTOR_HEADERS = ['Name', 'Commission %', 'Contact', 'Website', 'Total Revenue', 'Last Update'];
export const EDITION_HEADERS = [
  'Display Name',
  'Print',
  'Edition Number',
  'Distributor',
  'Size',
  'Frame',
  'Sold',
  'Retail Price',
  'Date Sold',
  'Notes',
];
