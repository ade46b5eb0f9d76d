// The project folder on disk: atomic writes, the `.ponte` folder and its server file, pid checks.
export { writeFileAtomic } from './atomic-write';
export { readServerFile, writeServerFile, removeServerFile, serverFilePath, isPidAlive, ensurePonteDir, type ServerFile } from './server-file';
