import { workMediaResource } from '../../../shared/wechat/workMedia';
import * as download from './download.operation';
import * as upload from './upload.operation';

export const { operations, description } = workMediaResource(upload, download);
