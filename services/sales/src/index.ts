export { salesService, migrationsFolder } from './service';
