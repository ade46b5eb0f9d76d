// The project folder on disk: the path guard every write and delete goes through, atomic writes,
// the `.ponte` folder and its server file, pid checks.
export { writeFileAtomic } from './atomic-write';
export { readServerFile, writeServerFile, removeServerFile, serverFilePath, isPidAlive, ensurePonteDir, type ServerFile } from './server-file';
export { checkRepoPath, guardPath, prepareWrite, removeInRepo, protectedName, type PathRequest, type RepoRelativePath } from './path-guard';
