/** The access token (gettoken, path/91039) and the app itself (agent/get, path/90227). */
import type { Route } from '../../types';
import { fail, ok, PLATFORM, reply, type WecomState } from './state';

export function tokenRoutes({ core, corps, appRoute, checkAgent }: WecomState): Route[] {
	const gettoken: Route = {
		method: 'GET',
		path: '/cgi-bin/gettoken',
		handler: ({ req }) => {
			const { corpid, corpsecret } = req.query;
			core.countTokenCall(PLATFORM, [corpid ?? '', `${corpid ?? ''}/${corpsecret ?? ''}`]);
			if (!corpid) return fail(41002, 'corpid missing');
			const corp = corps.get(corpid);
			if (!corp) return fail(40013, 'invalid corpid');
			if (!corpsecret) return fail(41004, 'corpsecret missing');
			const app = [...corp.apps.values()].find((a) => a.corpSecret === corpsecret);
			if (!app) return fail(40001, 'invalid credential');
			// Each call issues a fresh token and earlier ones stay valid until they expire; WeCom only
			// revokes tokens early "出于运营需要" (path/91039), which revokeTokens() stands for.
			const record = core.tokens.issue(PLATFORM, `${corpid}/${app.agentId}`, app.tokenTtl, {
				corpId: corpid,
				agentId: app.agentId,
			});
			return reply(ok({ access_token: record.token, expires_in: Math.ceil(app.tokenTtl) }));
		},
	};

	return [
		gettoken,
		appRoute('GET', '/cgi-bin/agent/get', (ctx, corp, app) => {
			const agent = checkAgent(corp, app, ctx.req.query.agentid);
			if (agent.error) return agent.error;
			return reply(
				ok({
					agentid: app.agentId,
					name: app.name,
					square_logo_url: '',
					description: '',
					allow_userinfos: { user: [...corp.users.values()].map((u) => ({ userid: u.userid })) },
					allow_partys: { partyid: [1] },
					allow_tags: { tagid: [...corp.tags.keys()] },
					close: 0,
					redirect_domain: '',
					report_location_flag: 0,
					isreportenter: 0,
					home_url: '',
					customized_publish_status: 1,
				}),
			);
		}),
	];
}
