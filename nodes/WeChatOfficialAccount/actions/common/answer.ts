/** An Official Account answer as operations output it: the payload without { errcode, errmsg }. */
export { withoutEnvelope } from '../../../shared/wechat/envelope';
