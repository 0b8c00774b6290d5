/** Node-free: what `report/render` returns; the UI saves or opens it. */
export interface RenderedReport {
  fileName: string;
  mimeType: 'text/html' | 'text/csv';
  content: string;
}
