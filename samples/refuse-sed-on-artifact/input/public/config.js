// Replaced at deploy time by build.sh.
window.ADMIN_CONFIG = {
  apiUrl: '__API_URL__',
  environment: '__ENVIRONMENT__',
};
