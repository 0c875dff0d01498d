/**
 * WeCom temporary media (临时素材) with the app's token, on the family's media helpers
 * (shared/wechat/workMedia.ts): shared by Media → Upload and every message type that takes a file
 * straight from the workflow. It imports no message type, so the message table can import it
 * without a cycle.
 */
import type { WorkMediaProduct, WorkMediaType } from '../../../shared/wechat/workMedia';
import { weComRequest } from '../../transport';

export type MediaType = WorkMediaType;

/** media/upload and media/get (developer.work.weixin.qq.com/document/path/90253, /90254) with the app's token. */
export const WECOM_MEDIA: WorkMediaProduct = { request: weComRequest, platform: 'WeCom' };
