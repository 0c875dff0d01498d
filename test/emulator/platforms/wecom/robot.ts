/** The group robot (群机器人, path/91770): webhook/send and webhook/upload_media, keyed by `?key=`. */
import { createHash } from 'crypto';
import type { EmulatorResponse, Route, RouteContext } from '../../types';
import { bodyObject, byteLength, str } from '../shared';
import { checkArticles, checkTemplateCard, mediaOf, readMessage, ROBOT_CARD_TYPES } from './content';
import { MB, ROBOT_MEDIA_LIMITS, storeUpload } from './media';
import type { Robot } from './model';
import { fail, ok, reply, type WecomState } from './state';

const ROBOT_MESSAGE_TYPES = ['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card'];

function checkRobotMessage(robot: Robot, msgtype: string, payload: Record<string, unknown>): EmulatorResponse | undefined {
	switch (msgtype) {
		case 'text': {
			const content = str(payload.content);
			if (!content) return fail(44004, 'empty content');
			if (byteLength(content) > 2048) return fail(40058, 'text.content exceed max length 2048. invalid Request Parameter');
			for (const list of ['mentioned_list', 'mentioned_mobile_list']) {
				if (payload[list] !== undefined && !Array.isArray(payload[list])) return fail(40058, `${list} must be an array`);
			}
			return undefined;
		}
		case 'markdown':
		case 'markdown_v2': {
			const content = str(payload.content);
			if (!content) return fail(44004, 'empty content');
			if (byteLength(content) > 4096) {
				return fail(40058, `${msgtype}.content exceed max length 4096. invalid Request Parameter`);
			}
			return undefined;
		}
		case 'image': {
			const base64 = str(payload.base64);
			const md5 = str(payload.md5);
			if (!base64 || !md5) return fail(40058, 'image.base64 and image.md5 are required');
			if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return fail(40058, 'image.base64 is not base64');
			const bytes = Buffer.from(base64, 'base64');
			// 图片（base64编码前）最大不能超过2M，支持JPG,PNG格式.
			if (bytes.length > 2 * MB) return fail(40009, 'invalid image size');
			// md5 is of the image bytes before base64 encoding.
			if (createHash('md5').update(bytes).digest('hex') !== md5.toLowerCase()) return fail(301019, 'media md5 not match');
			return undefined;
		}
		case 'news':
			return checkArticles(payload.articles, (a) => {
				if (!str(a.title)) return fail(41016, 'title missing');
				if (!str(a.url)) return fail(41010, 'url missing');
				return undefined;
			});
		case 'file':
		case 'voice':
			return mediaOf(robot.media, payload.media_id, msgtype).error;
		case 'template_card':
			return checkTemplateCard(payload, ROBOT_CARD_TYPES);
		default:
			return fail(40008, 'invalid message type');
	}
}

export function robotRoutes(state: WecomState): Route[] {
	const { core, robots, recordMessage } = state;

	/** A route of the robot `?key=` names; no access_token, an unknown key answers 93000. */
	const robotRoute = (path: string, handler: (ctx: RouteContext, robot: Robot) => EmulatorResponse): Route => ({
		method: 'POST',
		path,
		handler: (ctx) => {
			const key = ctx.req.query.key;
			const robot = key ? robots.get(key) : undefined;
			if (!robot) return fail(93000, 'invalid webhook url');
			return handler(ctx, robot);
		},
	});

	return [
		robotRoute('/cgi-bin/webhook/send', (ctx, robot) => {
			const body = bodyObject(ctx);
			const checked = readMessage(body, ROBOT_MESSAGE_TYPES, (msgtype, payload) => checkRobotMessage(robot, msgtype, payload));
			if (checked.error) return checked.error;
			if (robot.rateLimitPerMinute > 0) {
				// 每个机器人发送的消息不能超过20条/分钟 (path/91770).
				const now = core.now();
				robot.sendTimes = robot.sendTimes.filter((t) => now - t < 60_000);
				if (robot.sendTimes.length >= robot.rateLimitPerMinute) return fail(45009, 'api freq out of limit');
				robot.sendTimes.push(now);
			}
			const { msgtype, payload } = checked.value;
			recordMessage({ kind: 'robot', robotKey: robot.key, msgtype, payload, body });
			return reply(ok());
		}),

		robotRoute('/cgi-bin/webhook/upload_media', (ctx, robot) => storeUpload(state, ctx, robot.media, ROBOT_MEDIA_LIMITS)),
	];
}
