/**
 * n8n-nodes-china-im as a library: the signatures and encryption of WeCom, WeChat, Meituan and
 * Tencent Cloud IM that the nodes use, for code that talks to these platforms without n8n.
 */
export {
	wxSignature,
	wxEncrypt,
	wxDecrypt,
	meituanSign,
	meituanEncryptContent,
	meituanDecryptContent,
	timUserSig,
	timCallbackSign,
	safeEqual,
	CryptoInputError,
} from './nodes/shared/crypto';
