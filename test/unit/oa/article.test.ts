/**
 * Draft and Publish, an article pipeline: a draft from fields with its cover uploaded from binary
 * data as permanent material, or from JSON; get, list, delete; publish, then the status until
 * the emulator's publication (a few seconds of its clock) succeeds.
 */
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('oa');
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(800, 4)]);
const draft = (parameters: Record<string, unknown>, options: Parameters<typeof h.run>[1] = {}) => h.run({ resource: 'draft', ...parameters }, options);

async function addFromFields(title = '新店开业'): Promise<Record<string, unknown>> {
	const result = await draft(
		{ operation: 'add', title, content: '<p>欢迎光临</p>', binaryPropertyName: 'cover', options: { author: '小编', contentSourceUrl: 'https://example.com', needOpenComment: true } },
		{ items: [binaryItem(jpeg, 'cover.jpg', 'image/jpeg', 'cover')] },
	);
	return jsonOf(result)[0];
}

describe('Draft', () => {
	it('adds a draft from fields, its cover uploaded first as a permanent image', async () => {
		const out = await addFromFields();
		const cover = out.cover as Record<string, unknown>;
		expect(out).toEqual({ media_id: expect.any(String), articles: 1, cover: { media_id: expect.any(String), url: expect.any(String) } });
		expect(h.calls('/cgi-bin/material/add_material')[0].query.type).toBe('image');
		expect(h.bodies('/cgi-bin/draft/add')).toEqual([
			{
				articles: [
					{ title: '新店开业', content: '<p>欢迎光临</p>', thumb_media_id: cover.media_id, author: '小编', content_source_url: 'https://example.com', need_open_comment: 1 },
				],
			},
		]);
		const [got] = jsonOf(await draft({ operation: 'get', mediaId: out.media_id }));
		expect(got).toMatchObject({ media_id: out.media_id, news_item: [{ title: '新店开业', author: '小编', thumb_media_id: cover.media_id }] });
	});

	it('adds a draft of several articles from JSON', async () => {
		const thumb = String(((await addFromFields()).cover as Record<string, unknown>).media_id);
		const articles = [1, 2, 3].map((n) => ({ title: `第${n}篇`, content: `<p>${n}</p>`, thumb_media_id: thumb }));
		const [out] = jsonOf(await draft({ operation: 'add', articleSource: 'json', articlesJson: JSON.stringify(articles) }));
		expect(out).toEqual({ media_id: expect.any(String), articles: 3 });
		expect(h.bodies('/cgi-bin/draft/add').at(-1)).toEqual({ articles });
		const nine = await draft({ operation: 'add', articleSource: 'json', articlesJson: JSON.stringify(Array(9).fill(articles[0])) });
		expect(nine.error?.message).toBe('Articles (JSON): at most 8 allowed, got 9');
		const notArray = await draft({ operation: 'add', articleSource: 'json', articlesJson: '{"title": "x"}' });
		expect(notArray.error?.message).toBe('Articles (JSON) must be an array of articles');
	});

	it('a cover that is not a permanent image: 40007', async () => {
		const result = await draft({ operation: 'add', title: 't', content: 'c', coverSource: 'mediaId', thumbMediaId: 'temporary-or-unknown' });
		expect(result.error?.message).toMatch(/40007/);
	});

	it('lists drafts with Return All (without content when asked) and deletes one', async () => {
		const ids: string[] = [];
		for (let k = 0; k < 3; k++) ids.push(String((await addFromFields(`草稿${k}`)).media_id));
		const listed = jsonOf(await draft({ operation: 'list', returnAll: true, noContent: true }));
		expect(listed.map((d) => d.media_id)).toEqual(ids);
		expect(listed[0].content.news_item[0]).toMatchObject({ title: '草稿0', content: '' });
		expect(h.bodies('/cgi-bin/draft/batchget')).toEqual([{ offset: 0, count: 20, no_content: 1 }]);
		expect(jsonOf(await draft({ operation: 'delete', mediaId: ids[1] }))).toEqual([{ media_id: ids[1], deleted: true }]);
		expect(h.emulator.oa.drafts().map((d) => d.media_id)).toEqual([ids[0], ids[2]]);
	});
});

describe('Publish', () => {
	it('publishes a draft and reports the status until it succeeds; the article can then be sent', async () => {
		const media_id = String((await addFromFields()).media_id);
		const [submitted] = jsonOf(await h.run({ resource: 'publish', operation: 'publish', mediaId: media_id }));
		expect(submitted).toEqual({ media_id, publish_id: expect.any(String), msg_data_id: expect.any(String) });
		const status = async () => jsonOf(await h.run({ resource: 'publish', operation: 'getStatus', publishId: submitted.publish_id }))[0];
		expect(await status()).toEqual({ publish_id: submitted.publish_id, publish_status: 1, status: 'publishing' });
		h.emulator.advanceClock(h.emulator.oa.publishMs / 1000);
		const done = await status();
		expect(done).toMatchObject({ publish_status: 0, status: 'success', article_id: expect.any(String), article_detail: { count: 1 } });
		expect(h.emulator.oa.drafts()).toHaveLength(0);
		const follower = h.emulator.oa.followers()[0].openid;
		h.emulator.oa.interact(follower);
		const sent = await h.run({ resource: 'customerServiceMessage', operation: 'send', openId: follower, messageType: 'mpnewsarticle', articleId: done.article_id });
		expect(sent.error).toBeUndefined();
	});

	it('an unknown draft: 40007', async () => {
		expect((await h.run({ resource: 'publish', operation: 'publish', mediaId: 'nope' })).error?.message).toMatch(/40007/);
	});
});
