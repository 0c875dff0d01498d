/**
 * image, voice, video and file (path/94677): a media_id uploaded earlier, or a file of the
 * workflow uploaded first with the KF token (media/upload, path/90253).
 */
import type { MediaType } from '../../common/media';
import { ATTACHMENT, mediaIdFrom, mediaSourceProperties } from '../../common/media';
import type { ContentEntry } from './entry';

const properties = mediaSourceProperties(ATTACHMENT, 'the message');

function attachment(type: MediaType, name: string): ContentEntry {
	return {
		type,
		name,
		properties,
		async build(i) {
			const { mediaId, uploaded } = await mediaIdFrom.call(this, i, ATTACHMENT, type);
			return { body: { msgtype: type, [type]: { media_id: mediaId } }, uploaded: uploaded ? [uploaded] : undefined };
		},
	};
}

export const image = attachment('image', 'Image');
export const voice = attachment('voice', 'Voice');
export const video = attachment('video', 'Video');
export const file = attachment('file', 'File');
