/**
 * The result envelope of the WeChat family (WeCom, WeChat KF, Official Account): every answer is
 * HTTP 200 with { errcode, errmsg }, errcode 0 (or, on the Official Account, no errcode at all)
 * meaning success. Codes: developer.work.weixin.qq.com/document/path/90313 (WeCom 全局错误码) and
 * developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html (公众号 全局返回码).
 */
import type { IDataObject } from 'n8n-workflow';
import type { PlatformError } from '../request';

/** The envelope read as a failure, or undefined when the call succeeded. */
export function wxErrcodeError(body: unknown): PlatformError | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { errcode, errmsg } = body as { errcode?: unknown; errmsg?: unknown };
	if (errcode === undefined || errcode === null || Number(errcode) === 0) return undefined;
	return { code: String(errcode), message: String(errmsg ?? '') };
}

/** A successful answer as operations output it: the payload without { errcode, errmsg }. */
export function withoutEnvelope(body: IDataObject): IDataObject {
	const { errcode: _code, errmsg: _msg, ...rest } = body;
	return rest;
}

/**
 * Codes that read the same on every product of the family. A product whose wording must differ
 * (WeCom's 40001 is a wrong Secret, the Official Account's also an old token) says so in its own
 * table, which wins over this one (wxHints).
 */
export const WX_FAMILY_HINTS: Record<string, string> = {
	'-1': 'The platform is busy (系统繁忙): try again in a moment.',
	'40001': 'The secret is wrong, or the access token is invalid or no longer the latest.',
	'40014': 'The access token is not valid: check that the credential belongs to this app.',
	'41001': 'The access token is missing.',
	'42001': 'The access token has expired.',
	'45009': 'The call limit of this API was reached: slow the workflow down or try again later.',
	'45011': 'Too many calls this minute: slow the workflow down.',
	'48001': 'This API is not authorised for this account (api unauthorized): check its type and permissions.',
	'40164': 'This server IP is not in the IP whitelist: add the n8n server IP in the console.',
};

/** A product's hints: the family's, with the product's own wording where it has one. */
export function wxHints(own: Record<string, string>): Record<string, string> {
	return { ...WX_FAMILY_HINTS, ...own };
}
