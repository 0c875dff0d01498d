/** Custom profile fields (Tag_Profile_Custom_*) of 资料管理 (cloud.tencent.com/document/product/269/1500). */
export const CUSTOM_PREFIX = 'Tag_Profile_Custom_';

/** "Level" or "Tag_Profile_Custom_Level" → "Tag_Profile_Custom_Level". */
export function customTag(key: string): string {
	const trimmed = key.trim();
	return trimmed.startsWith(CUSTOM_PREFIX) ? trimmed : `${CUSTOM_PREFIX}${trimmed}`;
}
