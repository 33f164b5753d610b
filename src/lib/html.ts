/**
 * The one HTML escaper for text placed in markup that a template does not build (the JSON-LD
 * description, the XML sitemap, `it.h.lines`): the five characters that can end a text node or an
 * attribute, as numeric references. Templates escape by themselves (`<%= %>`).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
