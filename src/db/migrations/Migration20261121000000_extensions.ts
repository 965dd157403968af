import { Migration } from '@mikro-orm/migrations';

/** Extensions later migrations need: btree_gist for the no-overlap exclusion constraints. */
export class Migration20261121000000_extensions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists btree_gist;');
  }

  override async down(): Promise<void> {
    this.addSql('drop extension if exists btree_gist;');
  }
}
