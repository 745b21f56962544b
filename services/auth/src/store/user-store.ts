import { AlreadyExistsError, type MikroORM } from '@chrono/kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { User, UserRepository } from '../domain/user';
import { UserEntity } from './user-entity';

/** Users in PostgreSQL (auth.users). */
export class UserStore implements UserRepository {
  constructor(private readonly orm: MikroORM) {}

  async insert(user: User): Promise<void> {
    const em = this.orm.em.fork();
    try {
      await em.insert(UserEntity, user);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new AlreadyExistsError('an account with this email already exists');
      throw error;
    }
  }

  async findByEmail(email: string): Promise<User | undefined> {
    return (await this.orm.em.fork().findOne(UserEntity, { email })) ?? undefined;
  }

  async disable(id: string): Promise<void> {
    await this.orm.em.fork().nativeUpdate(UserEntity, { id }, { isActive: false, updatedAt: new Date() });
  }

  async findById(id: string): Promise<User | undefined> {
    return (await this.orm.em.fork().findOne(UserEntity, { id })) ?? undefined;
  }
}
