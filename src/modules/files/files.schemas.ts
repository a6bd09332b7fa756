import { Type } from 'typebox';

export const StoredFileSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String({ description: 'Display name, sanitised (never a path)' }),
    mime: Type.String({ description: 'Media type detected from the content' }),
    size: Type.Integer({ description: 'Bytes' }),
    sha256: Type.String({ description: 'Hex SHA-256 of the content' }),
    field: Type.Optional(Type.String({ description: 'The multipart field the file came in' })),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'StoredFile' },
);

export const UploadResultSchema = Type.Object({ files: Type.Array(StoredFileSchema) });

export const FileIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
