/** GET /cgi-bin/media/get with the KF token — developer.work.weixin.qq.com/document/path/90254 */
import { workMediaDownload } from '../../../shared/wechat/workMedia';
import { KF_MEDIA } from '../common/media';

export const { description, execute } = workMediaDownload(
	KF_MEDIA,
	'A media_id: mediaId of a received image, voice, video or file, or from an upload (valid for 3 days)',
);
