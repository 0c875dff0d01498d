/**
 * WeCom (企业微信) server API, as documented under developer.work.weixin.qq.com/document/path/…
 * Mounted at /wecom, so `${url}/wecom/cgi-bin/gettoken` stands for
 * https://qyapi.weixin.qq.com/cgi-bin/gettoken. WeChat KF and the group robot live on the same host.
 *
 * Error codes come from the global code table (path/90313) unless a comment names another page.
 * Every answer is HTTP 200 with {errcode, errmsg}, errors included, as WeCom does.
 *
 * One file per resource, as nodes/WeCom/actions/ has them: token (gettoken, agent/get), message,
 * appChat, tag, user, media, robot, and callback (what the emulator sends to a receiver); content
 * holds the message-body checks message, appChat and robot share, state the corps, apps and
 * directory and the helpers every resource uses, model their types.
 */
import type { EmulatorCore } from '../../core';
import type { PlatformDefinition, Route } from '../../types';
import { appChatRoutes } from './appChat';
import { callbackSender } from './callback';
import { mediaRoutes } from './media';
import { messageRoutes } from './message';
import type { WecomChat, WecomMedia, WecomMessage, WecomUser } from './model';
import { robotRoutes } from './robot';
import { createWecomState, openidOf, PLATFORM, wecomError } from './state';
import { tagRoutes } from './tag';
import { tokenRoutes } from './token';
import { userRoutes } from './user';

export type {
	WecomApp,
	WecomAppOptions,
	WecomChat,
	WecomDepartment,
	WecomMedia,
	WecomMessage,
	WecomRobotOptions,
	WecomTagSeed,
	WecomUser,
} from './model';
export type { WecomCallbackOptions, WecomUrlVerificationOptions } from './callback';
export { wecomError } from './state';

export function installWecom(core: EmulatorCore) {
	const state = createWecomState(core);
	const { corps, robots } = state;
	const { sendCallback, sendUrlVerification, control } = callbackSender(state);

	const routes: Route[] = [
		...tokenRoutes(state),
		...messageRoutes(state),
		...appChatRoutes(state),
		...tagRoutes(state),
		...userRoutes(state),
		...mediaRoutes(state),
		...robotRoutes(state),
	];

	const definition: PlatformDefinition = {
		name: PLATFORM,
		prefix: '/wecom',
		routes,
		errors: {
			missingToken: () => wecomError(41001, 'access_token missing'),
			invalidToken: () => wecomError(40014, 'invalid access_token'),
			expiredToken: () => wecomError(42001, 'access_token expired'),
			rateLimited: (code) =>
				code === -1 ? wecomError(-1, 'system busy') : wecomError(code ?? 45009, 'api freq out of limit'),
			// 不符合json规范……errmsg里会有“Warning: wrong json format.” (path/90313).
			badJson: () => wecomError(40058, 'Warning: wrong json format. invalid Request Parameter'),
			wrongMethod: (expected) => wecomError(expected === 'POST' ? 43002 : 43001, `require ${expected} method`),
		},
		reset: state.reset,
		control,
	};
	core.register(definition);

	return {
		addApp: state.addApp,
		addUser: state.addUser,
		addRobot: state.addRobot,
		/** Extra routes under /wecom (e.g. WeChat KF's /cgi-bin/kf/…), with the same token checks. */
		addRoutes: (extra: Route[]) => core.addRoutes(PLATFORM, extra),
		apps: state.apps,
		app: (corpId?: string, agentId?: number) => state.resolveApp({ corpId, agentId }),
		users: (corpId: string): WecomUser[] => [...(corps.get(corpId)?.users.values() ?? [])].map((u) => ({ ...u })),
		tags: (corpId: string) =>
			[...(corps.get(corpId)?.tags.values() ?? [])].map((t) => ({
				tagid: t.tagid,
				tagname: t.tagname,
				userlist: [...t.users],
				partylist: [...t.parties],
			})),
		chat: (corpId: string, chatid: string): WecomChat | undefined => corps.get(corpId)?.chats.get(chatid),
		media: (mediaId: string): WecomMedia | undefined => {
			for (const corp of corps.values()) if (corp.media.has(mediaId)) return corp.media.get(mediaId);
			for (const robot of robots.values()) if (robot.media.has(mediaId)) return robot.media.get(mediaId);
			return undefined;
		},
		openidOf,
		/** Every recorded WeCom message: app messages, app-chat messages and robot messages. */
		get messages(): WecomMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM) as WecomMessage[];
		},
		get robotMessages(): WecomMessage[] {
			return core.messages.filter((m) => m.platform === PLATFORM && m.kind === 'robot') as WecomMessage[];
		},
		sendCallback,
		sendUrlVerification,
		/** The wecom token (as the server knows it) behind an access_token string. */
		tokenInfo: (accessToken: string) => core.tokens.get(accessToken),
	};
}

export const wecomPlatform = { install: installWecom };
export type WecomApi = ReturnType<typeof installWecom>;
