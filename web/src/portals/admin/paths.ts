/** Addresses of the admin workbench. */
export const adminItemHref = (code: string) => `/admin/items/${encodeURIComponent(code)}`;
export const adminVersionHref = (code: string, version: number) => `${adminItemHref(code)}/versions/${version}`;
export const adminEditHref = (code: string) => `${adminItemHref(code)}/edit`;
export const publicItemHref = (code: string) => `/items/${encodeURIComponent(code)}`;
