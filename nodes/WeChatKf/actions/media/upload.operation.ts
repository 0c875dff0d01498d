/** POST /cgi-bin/media/upload with the KF token — developer.work.weixin.qq.com/document/path/90253 */
import { workMediaUpload } from '../../../shared/wechat/workMedia';
import { KF_MEDIA } from '../common/media';

export const { description, execute } = workMediaUpload(KF_MEDIA, 'image');
