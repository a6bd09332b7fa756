import type { AppModule } from '../registry.js';
import { filesRoutes } from './files.routes.js';

export { formatVietnamTime, presentStoredFile } from './files.presenter.js';
export type { StoredFileRow } from './files.repository.js';
export {
  claimUploadedFiles,
  deleteOwnUpload,
  getStoredFile,
  openStoredFile,
  purgeUnclaimedUploads,
  saveUploads,
  storeGeneratedFile,
} from './files.service.js';

/** Uploads ahead of use (POST /api/files) and the uploader's own downloads. */
export const filesModule: AppModule = { name: 'files', routes: filesRoutes };
