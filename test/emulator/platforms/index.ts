/**
 * The platform registry. To add a platform, write platforms/<name>.ts exporting
 * `{ install(core): Api }` (install registers a PlatformDefinition with the core and returns the
 * API tests use), then add one line below; `emulator.<key>` is typed from it.
 */
import { meituanPlatform } from './meituan';
import { officialAccountPlatform } from './officialAccount';
import { timPlatform } from './tim';
import { wecomPlatform } from './wecom';
import { wechatKfPlatform } from './wechatKf';

export const platforms = {
	wecom: wecomPlatform,
	oa: officialAccountPlatform,
	tim: timPlatform,
	kf: wechatKfPlatform,
	meituan: meituanPlatform,
};

export type PlatformApis = {
	readonly [K in keyof typeof platforms]: ReturnType<(typeof platforms)[K]['install']>;
};
