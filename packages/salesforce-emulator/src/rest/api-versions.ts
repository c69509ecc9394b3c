import { OLDEST_API_VERSION } from '../emulator.ts';

/** One entry of `GET /services/data`. */
export interface ApiVersionEntry {
  label: string;
  url: string;
  version: string;
}

const SEASONS = ['Summer', 'Winter', 'Spring'] as const;

/**
 * The release that introduced an API version. Three releases a year, each one version: 31.0 was
 * Summer '14, then Winter '15 (named for the next year), Spring '15, Summer '15, … 66.0 Spring '26.
 */
export function releaseLabel(major: number): string {
  const i = major - 31;
  const season = SEASONS[((i % 3) + 3) % 3]!;
  const year = 14 + Math.floor((i + 2) / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/**
 * The versions an instance serves, oldest first, as `GET /services/data/` lists them: every
 * version from the oldest not yet retired (31.0) to the newest.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
 */
export function apiVersions(latest: string): ApiVersionEntry[] {
  const out: ApiVersionEntry[] = [];
  for (let major = Number(OLDEST_API_VERSION); major <= Number(latest); major++) {
    const version = `${major}.0`;
    out.push({ label: releaseLabel(major), url: `/services/data/v${version}`, version });
  }
  return out;
}
