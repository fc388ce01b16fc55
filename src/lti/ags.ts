import { z } from 'zod';
import type { HttpClient } from '../lib/http-client.js';
import { PlatformCallError } from './access-tokens.js';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
export const AGS_SCOPE = { LINEITEM: `${AGS}lineitem`, LINEITEM_READONLY: `${AGS}lineitem.readonly`, SCORE: `${AGS}score` } as const;
const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json';
const LINEITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';
const CONTAINER_TYPE = 'application/vnd.ims.lis.v2.lineitemcontainer+json';

export type Score = {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  timestamp: string;
  activityProgress: 'Completed';
  gradingProgress: 'FullyGraded';
  comment?: string;
};

/**
 * `<lineitem>/scores`, keeping the query string: Moodle's line item URLs carry
 * `?type_id=` and the suffix belongs on the path (AGS §3.4; LTI.md 2, row 8).
 */
export function scoresUrl(lineitem: string): string {
  const url = new URL(lineitem);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

async function call(http: HttpClient, url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  try {
    const response = await http(url, init);
    return { status: response.status, text: await response.text() };
  } catch (error) {
    throw new PlatformCallError(`request to the platform failed: ${error instanceof Error ? error.message : error}`, null, '');
  }
}

export async function postScore(http: HttpClient, token: string, lineitem: string, score: Score): Promise<{ status: number; text: string }> {
  return call(http, scoresUrl(lineitem), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': SCORE_TYPE },
    body: JSON.stringify(score),
  });
}

const LineItem = z.object({ id: z.string().url(), resourceId: z.string().optional(), tag: z.string().optional(), resourceLinkId: z.string().optional() }).passthrough();

/** Finds the line item for a resource link by resourceId and tag, or creates it. */
export async function findOrCreateLineItem(
  http: HttpClient,
  token: string,
  lineitemsUrl: string,
  wanted: { resourceLinkId: string; resourceId: string; tag: string; label: string; scoreMaximum: number },
  canCreate: boolean,
): Promise<{ status: number; text: string; url?: string }> {
  const list = new URL(lineitemsUrl);
  list.searchParams.set('resource_link_id', wanted.resourceLinkId);
  const found = await call(http, list.toString(), { headers: { authorization: `Bearer ${token}`, accept: CONTAINER_TYPE } });
  if (found.status >= 300) return found;
  const items = z.array(LineItem).safeParse(JSON.parse(found.text || '[]'));
  const match = items.success ? items.data.find((item) => item.resourceId === wanted.resourceId && item.tag === wanted.tag) : undefined;
  if (match) return { ...found, url: match.id };
  if (!canCreate) return { status: 404, text: 'no line item for this link and no permission to create one' };
  const created = await call(http, lineitemsUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': LINEITEM_TYPE, accept: LINEITEM_TYPE },
    body: JSON.stringify({ scoreMaximum: wanted.scoreMaximum, label: wanted.label, resourceId: wanted.resourceId, tag: wanted.tag, resourceLinkId: wanted.resourceLinkId }),
  });
  if (created.status >= 300) return created;
  const item = LineItem.safeParse(JSON.parse(created.text || '{}'));
  return item.success ? { ...created, url: item.data.id } : { status: 502, text: 'the platform created a line item without an id' };
}
