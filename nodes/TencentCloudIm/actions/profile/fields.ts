/** Standard profile tags of 资料管理 (cloud.tencent.com/document/product/269/1500). */
export const STANDARD_TAGS = [
	{ name: 'Add-Friend Permission (Tag_Profile_IM_AllowType)', value: 'Tag_Profile_IM_AllowType' },
	{ name: 'Admin Forbid Type (Tag_Profile_IM_AdminForbidType)', value: 'Tag_Profile_IM_AdminForbidType' },
	{ name: 'Avatar URL (Tag_Profile_IM_Image)', value: 'Tag_Profile_IM_Image' },
	{ name: 'Birthday (Tag_Profile_IM_BirthDay)', value: 'Tag_Profile_IM_BirthDay' },
	{ name: 'Gender (Tag_Profile_IM_Gender)', value: 'Tag_Profile_IM_Gender' },
	{ name: 'Language (Tag_Profile_IM_Language)', value: 'Tag_Profile_IM_Language' },
	{ name: 'Level (Tag_Profile_IM_Level)', value: 'Tag_Profile_IM_Level' },
	{ name: 'Location (Tag_Profile_IM_Location)', value: 'Tag_Profile_IM_Location' },
	{ name: 'Message Settings (Tag_Profile_IM_MsgSettings)', value: 'Tag_Profile_IM_MsgSettings' },
	{ name: 'Nickname (Tag_Profile_IM_Nick)', value: 'Tag_Profile_IM_Nick' },
	{ name: 'Role (Tag_Profile_IM_Role)', value: 'Tag_Profile_IM_Role' },
	{ name: 'Signature (Tag_Profile_IM_SelfSignature)', value: 'Tag_Profile_IM_SelfSignature' },
];
