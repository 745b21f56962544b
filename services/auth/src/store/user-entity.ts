import { EntitySchema } from '@mikro-orm/core';
import type { User } from '../domain/user';

/** The auth.users table. */
export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', unique: true },
    name: { type: 'string' },
    passwordHash: { type: 'string', fieldName: 'password_hash', lazy: false },
    isActive: { type: 'boolean', fieldName: 'is_active' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
