// A Redis URL as it may be printed or stored (reports, logs, errors): its password replaced by
// `***`. Kept apart from redis-keys.ts so that commands which only name the URL do not load ioredis.
export function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
