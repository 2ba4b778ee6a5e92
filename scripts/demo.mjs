// Placeholder main job until the trainer lands.
console.log('negmnist demo');
