/** POST /cgi-bin/media/upload — developer.work.weixin.qq.com/document/path/90253 */
import { workMediaUpload } from '../../../shared/wechat/workMedia';
import { WECOM_MEDIA } from '../common/media';

export const { description, execute } = workMediaUpload(WECOM_MEDIA, 'file');
