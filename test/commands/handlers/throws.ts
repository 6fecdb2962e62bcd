export const handler = async () => {
  throw new Error('Pending for approval');
};
