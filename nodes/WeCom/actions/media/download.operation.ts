/** GET /cgi-bin/media/get — developer.work.weixin.qq.com/document/path/90254 */
import { workMediaDownload } from '../../../shared/wechat/workMedia';
import { WECOM_MEDIA } from '../common/media';

export const { description, execute } = workMediaDownload(
	WECOM_MEDIA,
	'A media_id from an upload or from a received message (valid for 3 days)',
);
