import type { Template } from './template.js';

/** An artist selling limited editions through galleries: prints, the galleries that sell them, and each edition. */
export const artEditions: Template = {
  id: 'art-editions',
  title: 'Art editions',
  description: 'Prints, the distributors (galleries) that sell them, and every numbered edition with its sale.',
  tables: [
    {
      name: 'prints',
      sources: ['Prints', 'Print', 'Artworks'],
      key: ['name'],
      fields: [
        { column: 'name', type: 'text', aliases: ['Name', 'Print', 'Title', 'Print Name'], required: true },
        { column: 'description', type: 'text', aliases: ['Description', 'About'] },
        { column: 'total_editions', type: 'integer', aliases: ['Total Editions', 'Edition Size', 'Editions'] },
        { column: 'web_link', type: 'url', aliases: ['Web Link', 'Link', 'URL', 'Website'] },
        { column: 'notes', type: 'text', aliases: ['Notes', 'Note'] },
        { column: 'images', type: 'attachments', aliases: ['Images', 'Image', 'Attachments', 'Pictures'] },
      ],
    },
    {
      name: 'distributors',
      sources: ['Distributors', 'Distributor', 'Galleries', 'Gallery'],
      key: ['name'],
      fields: [
        { column: 'name', type: 'text', aliases: ['Name', 'Gallery', 'Distributor'], required: true },
        { column: 'commission_percent', type: 'percent', aliases: ['Commission %', 'Commission', 'Commission Rate'] },
        { column: 'contact', type: 'text', aliases: ['Contact', 'Contact Person', 'Email'] },
        { column: 'web_address', type: 'url', aliases: ['Web Address', 'Website', 'URL'] },
        { column: 'total_revenue', type: 'money', aliases: ['Total Revenue', 'Revenue'] },
        { column: 'revenue_this_year', type: 'money', aliases: ['Revenue This Year', 'Revenue YTD'] },
        { column: 'last_update', type: 'datetime', aliases: ['Last Update', 'Last Updated', 'Last Modified'] },
      ],
    },
    {
      name: 'editions',
      sources: ['Editions', 'Edition', 'All Records'],
      key: ['print_id', 'edition_number'],
      fields: [
        {
          column: 'edition_number',
          type: 'integer',
          aliases: ['Edition Number', 'Edition #', 'Number', 'No'],
          required: true,
        },
        { column: 'display_name', type: 'text', aliases: ['Display Name', 'Name', 'Edition'] },
        {
          column: 'size',
          type: 'text',
          aliases: ['Size'],
          allowed: [
            { value: 'Small', synonyms: ['S', 'sm'] },
            { value: 'Large', synonyms: ['L', 'lg'] },
            { value: 'Extra Large', synonyms: ['XL', 'x-large', 'extra-large'] },
          ],
        },
        {
          column: 'frame',
          type: 'text',
          aliases: ['Frame', 'Framing'],
          allowed: [
            { value: 'Framed', synonyms: ['frame', 'yes'] },
            { value: 'Tube only', synonyms: ['tube', 'in tube', 'tube-only'] },
            { value: 'Mounted', synonyms: ['mount'] },
          ],
        },
        { column: 'variation', type: 'text', aliases: ['Variation', 'Variant'] },
        { column: 'printed', type: 'boolean', aliases: ['Printed'] },
        { column: 'sold', type: 'boolean', aliases: ['Sold'] },
        { column: 'settled', type: 'boolean', aliases: ['Settled', 'Paid'] },
        { column: 'stock_checked', type: 'boolean', aliases: ['Stock Checked', 'Stock Check', 'Checked'] },
        { column: 'retail_price', type: 'money', aliases: ['Retail Price', 'Price'] },
        { column: 'date_sold', type: 'date', aliases: ['Date Sold', 'Sold On', 'Sale Date'] },
        { column: 'invoice_amount', type: 'money', aliases: ['Invoice Amount', 'Invoice', 'Invoiced'] },
        { column: 'commission_percent', type: 'percent', aliases: ['Commission %', 'Commission Rate'] },
        { column: 'commission_amount', type: 'money', aliases: ['Commission Amount', 'Commission'] },
        { column: 'date_in_gallery', type: 'date', aliases: ['Date in Gallery', 'In Gallery Since', 'Date Delivered'] },
        { column: 'weeks_in_gallery', type: 'decimal', aliases: ['Weeks in Gallery', 'Weeks'] },
        { column: 'notes', type: 'text', aliases: ['Notes', 'Note'] },
        { column: 'payment_note', type: 'text', aliases: ['Payment Note', 'Payment Notes', 'Payment'] },
      ],
      links: [
        { column: 'print_id', table: 'prints', aliases: ['Print', 'Prints', 'Artwork'], onUnresolved: 'pending' },
        {
          column: 'distributor_id',
          table: 'distributors',
          aliases: ['Distributor', 'Distributors', 'Gallery'],
          onUnresolved: 'pending',
        },
      ],
      duplicates: { keep: 'prefer', prefer: { column: 'sold', value: true } },
    },
  ],
};
