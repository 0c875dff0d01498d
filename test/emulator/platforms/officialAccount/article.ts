/**
 * 草稿箱 (draft/add, get, delete, batchget) and 发布能力 (freepublish/submit, get).
 * developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html and
 * .../Publish/Publish.html. A publication runs for a few seconds of emulator time (status 1), then
 * succeeds (status 0), leaves the draft box and gets an article_id.
 */
import type { EmulatorResponse, Route } from '../../types';
import { bodyObject, int, isObject, randomId, str } from '../shared';
import type { Account, OaArticle, OfficialAccountState } from './state';
import { fail, ok, reply } from './state';

const MAX_ARTICLES = 8;
const MAX_BATCH = 20;
export const PUBLISH_MS = 5000;

function readArticles(acc: Account, raw: unknown): OaArticle[] | EmulatorResponse {
	if (!Array.isArray(raw) || raw.length === 0) return fail(47003, 'argument invalid! articles is empty');
	if (raw.length > MAX_ARTICLES) return fail(45008, 'article size out of limit');
	const articles: OaArticle[] = [];
	for (const [k, entry] of raw.entries()) {
		if (!isObject(entry) || !str(entry.title)) return fail(47003, `argument invalid! articles[${k}].title is empty`);
		if (!str(entry.content)) return fail(47003, `argument invalid! articles[${k}].content is empty`);
		// thumb_media_id: 图文消息的封面图片素材id（必须是永久MediaID）.
		const thumb = acc.materials.get(String(entry.thumb_media_id ?? ''));
		if (!thumb || !['image', 'thumb'].includes(thumb.type)) return fail(40007, 'invalid media_id');
		articles.push({
			title: String(entry.title),
			author: str(entry.author) ?? '',
			digest: str(entry.digest) ?? String(entry.content).replace(/<[^>]*>/g, '').slice(0, 54),
			content: String(entry.content),
			content_source_url: str(entry.content_source_url) ?? '',
			thumb_media_id: thumb.media_id,
			need_open_comment: int(entry.need_open_comment) ?? 0,
			only_fans_can_comment: int(entry.only_fans_can_comment) ?? 0,
		});
	}
	return articles;
}

export function articleRoutes(state: OfficialAccountState): Route[] {
	const { appRoute, core } = state;
	const newsItem = (articles: OaArticle[], url?: (k: number) => string) =>
		articles.map((a, k) => ({ ...a, url: url?.(k) ?? `http://mp.weixin.qq.com/s?__biz=draft&tempkey=${k}`, thumb_url: `http://mmbiz.qpic.cn/${a.thumb_media_id}` }));

	/** A publication's answer, finishing it once its time has passed. */
	function publication(acc: Account, publishId: string): EmulatorResponse {
		const p = acc.publications.get(publishId);
		if (!p) return fail(40007, 'invalid publish_id');
		if (core.now() - p.submitted_at < PUBLISH_MS) return reply({ publish_id: p.publish_id, publish_status: 1 });
		if (!p.article_id) {
			p.article_id = randomId('', 24);
			acc.drafts.delete(p.media_id);
		}
		return reply({
			publish_id: p.publish_id,
			publish_status: 0,
			article_id: p.article_id,
			article_detail: { count: 1, item: [{ idx: 1, article_url: `http://mp.weixin.qq.com/s/${p.article_id}` }] },
			fail_idx: [],
		});
	}

	return [
		appRoute('POST', '/cgi-bin/draft/add', (ctx, acc) => {
			const articles = readArticles(acc, bodyObject(ctx).articles);
			if (!Array.isArray(articles)) return articles;
			const media_id = randomId('', 32);
			acc.drafts.set(media_id, { media_id, articles, update_time: Math.floor(core.now() / 1000) });
			return reply({ media_id });
		}),

		appRoute('POST', '/cgi-bin/draft/get', (ctx, acc) => {
			const draft = acc.drafts.get(String(bodyObject(ctx).media_id ?? ''));
			return draft ? reply({ news_item: newsItem(draft.articles) }) : fail(40007, 'invalid media_id');
		}),

		appRoute('POST', '/cgi-bin/draft/delete', (ctx, acc) => {
			const id = str(bodyObject(ctx).media_id);
			if (!id || !acc.drafts.delete(id)) return fail(40007, 'invalid media_id');
			return ok();
		}),

		appRoute('POST', '/cgi-bin/draft/batchget', (ctx, acc) => {
			const body = bodyObject(ctx);
			const offset = int(body.offset) ?? 0;
			const count = int(body.count);
			if (count === undefined || count < 1 || count > MAX_BATCH || offset < 0) return fail(47003, 'argument invalid! count must be 1..20');
			const noContent = int(body.no_content) === 1;
			const all = [...acc.drafts.values()];
			const item = all.slice(offset, offset + count).map((d) => ({
				media_id: d.media_id,
				content: {
					news_item: newsItem(d.articles).map((a) => (noContent ? { ...a, content: '' } : a)),
					create_time: d.update_time,
					update_time: d.update_time,
				},
				update_time: d.update_time,
			}));
			return reply({ total_count: all.length, item_count: item.length, item });
		}),

		appRoute('POST', '/cgi-bin/freepublish/submit', (ctx, acc) => {
			const id = str(bodyObject(ctx).media_id);
			if (!id || !acc.drafts.has(id)) return fail(40007, 'invalid media_id');
			const publish_id = String(2247483000 + acc.publications.size + 1);
			const msg_data_id = String(2247483500 + acc.publications.size + 1);
			acc.publications.set(publish_id, { publish_id, msg_data_id, media_id: id, submitted_at: core.now() });
			return ok({ publish_id, msg_data_id });
		}),

		appRoute('POST', '/cgi-bin/freepublish/get', (ctx, acc) => publication(acc, String(bodyObject(ctx).publish_id ?? ''))),
	];
}
